/**
 * Chinese as residents actually write it, folded toward the simplified Mandarin the concept table
 * is written in: traditional characters (電梯壞了 → 电梯坏了), common Cantonese words (𨋢 is a lift,
 * 壞咗 is 坏了, 冇 is 没有) and frequent misspellings, most of them homophones typed by pinyin
 * (拉圾 → 垃圾, 按装 → 安装, 冲电 → 充电). Read by normalise() in concern-text.ts, so the wording
 * features and the lexicon both see the folded text.
 *
 * The character table is written by hand: the traditional forms of characters that residents' notes
 * use, one to one (a traditional character with two simplified readings in context, like 著, is left
 * out). It is not a complete converter; characters it does not list pass through unchanged.
 */

// Traditional characters, and beside them at the same position their simplified forms.
const TRADITIONAL = [
  '電樓壞裡裏車費貴務業這們個來時燈開關門廣場聲響髒險擔層號區園衛間廁對說話請讓還沒',
  '為爲麼麽會過後從點兒幾東問題應該經總環變條樹葉種綠雜亂發現實際歲齡養處專陽陰氣熱',
  '涼溫質錢價漲帳賬貼買賣購辦師維護報單線網鐘鐵鏽銹鎖鑰錄監視攝頭腦憑證記設備裝據戶',
  '屬鄰崗邏盜竊遺丟貓鴿蟲潔掃滿運輸輛塊邊馬嚇擾鬧樂麥機調滲黴濕牆磚縫鬆脫傷憂慮醫診',
  '藥療飯飲獨顧學習書圖館閱讀寫課練體動遊戲鞦韆盪壇擋曬棟飛佔擠寬遲難煩複規則範圍檢',
  '驗訪攤販擺佈壓凍結風颱積溝糞寵繩隻嗎樣誰與並於將給須準許無別謝議見認覺聽講談論討',
  '協決選舉員組織團義願參減築換舊長遠夠數計統態爛燒煙菸廢棄殭屍孫爺媽陳齊靜靈聯絡繫',
  '緊鈴鈕鍵衝禍輪礙殘階臺檯蓋灣嶺莊鎮縣鄉筆紙張傳誌標識導幫攙領帶餵糧絕紮噴灑殺滅螞',
  '蟻蒼蠅鳥隨閒鋪舖廳錶儀測試銷錯誤確內側橋樑淨濾澇漬雖雙鏈絲損斷腳擁鬥嘩夢禮兇惡罵',
  '執責負懶強罰違遷補償產權約續貨櫃遞郵簽驛騎賽飆紅黃綫鳴掛隊餘燙殼噸膠乾幹麵週盡麗',
  '傘歡簡聞閃爍鏡臟藍雞鴨魚蝦蔥凈滾壺攜幣銀貸賠濟勞嚴稱鋼鋁窩鏟剷鋸韋離婦豐驅趕輕顯',
  '歸艱壩齒膽藝術廠蘭畫劃戰擴懸漿燭墊褲襪紗簾閘欄攔擊擬類屆獎貧窮廚衆眾優滯緩慣礎碼',
  '碩陸陣隱濱灘甕畝當瘋癢皺盞盤礦禦禿稅窯竄簍籠紀級紛紡細終絆絨綁緣編縮績繞繳纜罷羅',
  '聖聰職肅脅脹腫膚臉臨艙艷蘇蘿蝕蠟製親覽觸訂訊託評詢詳誕誠諸謀譜讚豬貝財貪貫賀資賓',
  '賞賭賴贈趙跡踐蹤軍軟較載輔輝輩轉轟辭農連進達適邁鄭醜釋針釣鈍鉛銅鋒錦鍋鍛鎊閉閥閣',
  '闊闖陝隸雲霧韓頁頂項順預頓頻顆額顏飄餅饑馳駐騙驚髮鬱魯鮮鳳鴻鵝鹽黨龍龜鑽剝拋',
].join('');
const SIMPLIFIED = [
  '电楼坏里里车费贵务业这们个来时灯开关门广场声响脏险担层号区园卫间厕对说话请让还没',
  '为为么么会过后从点儿几东问题应该经总环变条树叶种绿杂乱发现实际岁龄养处专阳阴气热',
  '凉温质钱价涨账账贴买卖购办师维护报单线网钟铁锈锈锁钥录监视摄头脑凭证记设备装据户',
  '属邻岗逻盗窃遗丢猫鸽虫洁扫满运输辆块边马吓扰闹乐麦机调渗霉湿墙砖缝松脱伤忧虑医诊',
  '药疗饭饮独顾学习书图馆阅读写课练体动游戏秋千荡坛挡晒栋飞占挤宽迟难烦复规则范围检',
  '验访摊贩摆布压冻结风台积沟粪宠绳只吗样谁与并于将给须准许无别谢议见认觉听讲谈论讨',
  '协决选举员组织团义愿参减筑换旧长远够数计统态烂烧烟烟废弃僵尸孙爷妈陈齐静灵联络系',
  '紧铃钮键冲祸轮碍残阶台台盖湾岭庄镇县乡笔纸张传志标识导帮搀领带喂粮绝扎喷洒杀灭蚂',
  '蚁苍蝇鸟随闲铺铺厅表仪测试销错误确内侧桥梁净滤涝渍虽双链丝损断脚拥斗哗梦礼凶恶骂',
  '执责负懒强罚违迁补偿产权约续货柜递邮签驿骑赛飙红黄线鸣挂队余烫壳吨胶干干面周尽丽',
  '伞欢简闻闪烁镜脏蓝鸡鸭鱼虾葱净滚壶携币银贷赔济劳严称钢铝窝铲铲锯韦离妇丰驱赶轻显',
  '归艰坝齿胆艺术厂兰画划战扩悬浆烛垫裤袜纱帘闸栏拦击拟类届奖贫穷厨众众优滞缓惯础码',
  '硕陆阵隐滨滩瓮亩当疯痒皱盏盘矿御秃税窑窜篓笼纪级纷纺细终绊绒绑缘编缩绩绕缴缆罢罗',
  '圣聪职肃胁胀肿肤脸临舱艳苏萝蚀蜡制亲览触订讯托评询详诞诚诸谋谱赞猪贝财贪贯贺资宾',
  '赏赌赖赠赵迹践踪军软较载辅辉辈转轰辞农连进达适迈郑丑释针钓钝铅铜锋锦锅锻镑闭阀阁',
  '阔闯陕隶云雾韩页顶项顺预顿频颗额颜飘饼饥驰驻骗惊发郁鲁鲜凤鸿鹅盐党龙龟钻剥抛',
].join('');

const TO_SIMPLIFIED = new Map<string, string>();
{
  const t = [...TRADITIONAL];
  const s = [...SIMPLIFIED];
  if (t.length !== s.length) throw new Error('concern-hanzi: the traditional and simplified tables differ in length');
  t.forEach((c, i) => TO_SIMPLIFIED.set(c, s[i]!));
}
const TRADITIONAL_RE = new RegExp(`[${TRADITIONAL}]`, 'gu');

/**
 * Cantonese words as written in Hong Kong and Guangdong notes, with their Mandarin words (after the
 * character table, so in simplified form). Longer words first: 唔该 before 唔.
 */
const CANTONESE: readonly (readonly [string, string])[] = [
  ['𨋢', '电梯'], ['唔该', '谢谢'], ['佢哋', '他们'], ['我哋', '我们'], ['你哋', '你们'], ['乜嘢', '什么'],
  ['点解', '为什么'], ['边度', '哪里'], ['呢度', '这里'], ['嗰度', '那里'], ['成日', '经常'], ['曱甴', '蟑螂'], ['污糟', '脏'],
  ['邋遢', '脏'], ['落雨', '下雨'], ['街市', '菜市场'], ['买餸', '买菜'], ['揸车', '开车'], ['屋企', '家'], ['街坊', '邻居'], ['巴士', '公交'], ['的士', '出租车'],
  ['冇人', '没人'], ['差啲', '差点'], ['咗', '了'], ['冇', '没有'], ['唔', '不'], ['嘅', '的'], ['喺', '在'], ['啲', '些'], ['佢', '他'],
  ['雪柜', '冰箱'], ['嚟', '来'], ['睇', '看'], ['嘈', '吵'], ['攞', '拿'], ['俾', '给'], ['嗰', '那'], ['嘢', '东西'], ['搵', '找'], ['咁', '这么'],
];

/**
 * Misspellings residents often type, mostly pinyin homophones and look-alikes of the words that
 * carry a concern, with the word meant. Only whole misspelt words: a single character is rarely
 * wrong on its own.
 */
const TYPOS: readonly (readonly [string, string])[] = [
  ['拉圾', '垃圾'], ['垃级', '垃圾'], ['拉级', '垃圾'], ['电悌', '电梯'], ['电题', '电梯'], ['按装', '安装'],
  ['燥音', '噪音'], ['躁音', '噪音'], ['暧气', '暖气'], ['暖器', '暖气'], ['冲电', '充电'], ['充电装', '充电桩'], ['充电庄', '充电桩'],
  ['电屏车', '电瓶车'], ['停车为', '停车位'], ['停车厂', '停车场'], ['帐目', '账目'], ['维休', '维修'], ['监空', '监控'],
  ['摄象头', '摄像头'], ['快第', '快递'], ['减速代', '减速带'], ['走郎', '走廊'], ['饶民', '扰民'], ['建身', '健身'], ['电频车', '电瓶车'],
  ['辣鸡', '垃圾'], ['坐位', '座位'], ['以经', '已经'], ['楼到灯', '楼道灯'], ['楼到里', '楼道里'],
];

const WORDS = new Map<string, string>([...CANTONESE, ...TYPOS]);
const WORDS_RE = new RegExp([...WORDS.keys()].sort((a, b) => [...b].length - [...a].length).join('|'), 'gu');
const HAN_RE = /\p{Script=Han}/u;

/** Folds traditional characters, Cantonese words and common misspellings to simplified Mandarin. */
export function foldChinese(text: string): string {
  if (!HAN_RE.test(text)) return text;
  return text.replace(TRADITIONAL_RE, (c) => TO_SIMPLIFIED.get(c) ?? c).replace(WORDS_RE, (w) => WORDS.get(w) ?? w);
}
