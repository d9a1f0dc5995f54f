/**
 * What residents raise at neighbourhood consultations, as concepts with their Chinese words and
 * English words and phrases, and how the concepts relate: modifiers that only qualify a worry,
 * kinds of trouble, and concepts that are a thing and its trouble at once. Read by
 * concern-lexicon.ts; the similar-concerns matcher compares notes by these concepts.
 *
 * Concepts are of two kinds: things (lift, parking, bins …) and what is wrong with them (broken,
 * not enough, noisy …). A duplicate usually shares both; a near-miss on the same topic (lift broken
 * vs lift adverts) shares only the thing. Words that mean nothing alone (好, 大, 小) are left out,
 * and one-character Chinese words are listed only where they carry the concept (灯, 吵, 臭).
 * A Chinese word also carries the concepts of the listed words inside it (垃圾分类 is rubbish too),
 * unless it is written with a leading `=` (=没有经过 is consultation, not a lack).
 */

// [concept, Chinese words (space-separated), English words and phrases (comma-separated)].
// A word may appear under several concepts (物业费 is both property management and a fee).
/** The concept table: [concept id, Chinese words (space-separated), English words and phrases (comma-separated)]. */
export const CONCEPTS: readonly (readonly [string, string, string])[] = [
  // Lifts and buildings
  ['lift', '电梯机房 机房 曳引机 电梯 升降梯 直梯 梯子 轿厢 电梯间 电梯口 垂直电梯 客梯 货梯 电梯厅 升降机 电梯按钮 电梯门 加梯 按键 电梯按键 楼层按钮', 'lift machinery, lift motor, machine room, lift, elevator, lift lobby, lift car, lifts, elevators, elevator car, elevator lobby, lift door, lift doors, lift button, buttons, lift buttons, elevator buttons'],
  ['install', '加装 安装 增设 增加 多装 新装 装个 装几个 装一些 装上 装 建 建一个 修建 新建 配备 设置 添置 开办 开设 办个 办一个 建个 多建 多设 希望有 希望建 希望能有 建议设立 建议增设 想要 要个 希望开 希望办 希望设 开起来 办起来 建起来 加梯 多种点 多种些 多种一些 补种 配一台 配一个 配个 配上 配几个', 'install, installation, add, put in, could we get, can we get, could we have, can we have, could we start, can we start, please add, fit, provide, set up, extra, put up, we want, we need, would like, wed like, need a, need an, request, requesting, ask for, would be nice, would be good, would be great, it would help, would help, retrofit, retrofitting, retrofitted, get another, need another, want another, add another, one more, would love, wed love, love a, love to have'],
  ['old-building', '老楼 老房子 老小区 旧楼 老旧小区 步梯房 多层 六层 七层 老式 6层 7层 没有电梯 没电梯 爬楼 下不了楼 下不来楼 出不了门 困在家 困在家里 憋在家 下楼难', 'old building, walk up, walkup, old block, storey, story, older building, storey block, storey blocks, floor building, no lift, without a lift, without lifts, stairs only, stuck at home, housebound, cant get out, cant go out, trapped at home, stuck indoors, never leave home, cant leave home, cant get down'],
  ['trapped', '被困 困在 关在 卡在 困人 关人 困住 被关 困过 困了 停在两层中间 两层中间 卡在半空 停在半空', 'trapped, stranded, stuck in, locked in, shut in, stuck between floors, stuck inside, got stuck in, was stuck, were stuck, been stuck, stuck for, people stuck, someone stuck, get stuck inside'],
  ['emergency', '应急 紧急 急救 求救 报警 呼救 紧急电话 应急电话 报警电话 救援 紧急按钮 呼叫按钮 对讲 呼叫 一键呼叫', 'emergency, alarm, help button, emergency phone, intercom, sos, rescue, emergency button, alarm button, call button'],
  ['ambulance', '担架 救护车 急救车', 'stretcher, ambulance, paramedic, paramedics, ambulance crew'],
  ['adverts', '广告 广告屏 电视屏 屏幕 播放 小广告 牛皮癣 传单', 'ad, ads, advert, advertisement, advertising, screen, commercial, flyer, flyers, leaflets, posters, stickers, stuck all over, stuck on'],
  ['smoking', '抽烟 吸烟 烟味 二手烟 食烟', 'smoke, smoking, cigarette, secondhand smoke, light up, lights up, lighting up, smokes, smokers, smoker'],
  // Things that break and get fixed
  ['broken', '坏 坏了 坏掉 损坏 故障 失灵 停运 停了 停用 不能用 用不了 不好用 不工作 不亮 罢工 出问题 出毛病 毛病 瘫痪 破 破损 断了 坏的 不动了 停摆 失效 不灵 卡住 不转 坏掉了 又坏 老坏 不能正常使用 环了 又环 不动 不响应 没反应 不好使 没法用 用不成 报废 歇菜 死机 趴窝 停摆了 不运行 不转了 出故障 灯坏 不开 摆设 形同虚设 不管用 锁坏 踩坏 光秃秃 踩秃 一闪一闪 闪烁 忽明忽暗 刷不开 打不开 开不了 按了没用 关不上 关不了 一直开着 总是开着 老是开着 毁 毁坏 毁掉 没信号 信号差 没有信号 认不出 认不出来 识别不了 识别不出 识别不出来 刷不开 刷不出来 不认人', 'broken, break, break down, dont come on, doesnt come on, wont come on, never come on, never comes on, breakdown, out of order, not working, isnt working, arent working, wasnt working, not work, no longer work, doesnt work, dont work, does not work, faulty, fault, fail, failure, stopped working, is down, are down, was down, been down, down again, dead, bust, malfunction, damaged, out of service, broke, out of action, not functioning, conked out, on the blink, not lit, wont work, are out, is out, gone out, went out, no response, unresponsive, doesnt respond, not running, not moving, out of use, shut down, unusable, playing up, kaput, broken again, keeps breaking, keeps breaking down, isnt running, for show, pointless, trampled, turned off, switched off, never on, flicker, flickering, flickers, been out, has been out, dont respond, not responding, doesnt open, wont open, dont open, stays open, always open, is always open, left wide open, doesnt close, dont close, wont close, left open, will not close, are off, is off, always off, been off, has been off, was off, dont lock, doesnt lock, wont lock, hasnt locked, not locking, no longer lock, dont close properly, no signal, no reception, does not open, do not open, will not open, cannot open, cant open, does not close, will not close, does not lock, swings open, swing open, swung open, swinging open, is a joke, a joke, rejects me, rejected me, rejects us, doesnt recognise, doesnt recognize, wont recognise, wont recognize, cant recognise, cant recognize, fails to recognise, fails to recognize'],
  ['repair', '修 维修 修理 报修 报修单 维保 修好 修复 检修 保养 修了 来修 没人修 抢修 更换 维修工 师傅 修缮 维护', 'repair, fix, mend, ticket, repair ticket, maintain, maintenance, replace, repair request, repair requests, reported a problem, report a problem, reported, replacement, fix it, repaired, engineer, technician, work order, get fixed'],
  ['old-worn', '过期 过期了 老化 陈旧 破旧 年久失修 锈 生锈 旧了 太旧 老旧 用了二十年 不更新 没更新 从不更新 过时', 'expired, expire, aging, ageing, worn, worn out, outdated, rusty, rust, dilapidated, shabby, ancient, decades old, antiquated, old and broken, too old, very old, getting old, old equipment, old facilities, never updated, not updated, out of date, never update'],
  ['inconvenient', '不方便 太不方便 很不方便 赶不上 来不及', 'cant make it, never make it, can never make it, inconvenient, not convenient, dont work for, doesnt work for, do not work for, does not work for, hard for'],
  ['slow', '慢 太慢 拖了 拖一 一拖再拖 拖着不 拖拉 拖延 迟迟 好几天 一个星期 几个月 好久 拖拖拉拉 不来人 没人来 不来 几天 一周 半个月 不及时 很久 半天 老半天 等半天 等了 两个星期 几个星期 两周', 'slow, slowly, take forever, takes forever, delay, delayed, weeks, month, ages, a week ago, still nobody, nobody has come, never come, slow to respond, not on time, never on time, waited, waiting, wait, still waiting, no one came, pending, still pending'],
  ['often', '经常 老是 总是 三天两头 频繁 反复 一再 又 屡次 不停 天天 每天 年年 一直 成天 整天', 'often, always, keep, frequent, frequently, constantly, again, repeatedly, every week, all the time, every day, nonstop, non stop, every other week, every other day'],
  // Parking and cars
  ['parking', '停车 车位 停车位 停车场 泊车 停放 乱停 乱停乱放 停车难 抢车位 停车点 停车难 停车费 没车位 没位置 找车位 停在 停满 停得 停着 停车太难 停哪 停到 停车证 月卡 地锁 私装地锁 车位锁 贴条 车多位少 位少 转三圈 转圈找', 'parking, park, parking space, parking spot, parking lot, parking place, space to park, parked, parking bay, bay, spaces to park, parking fee, parking charge, free space, free spaces, parking bays, spot, spots, parking permit, permit, permits, illegal parking, parked illegally, illegally parked, parking lock, parking locks, bollard lock, circle, circling, circle around, drive around looking, padlocked post, fold down post, folding post, lockable post, parking post, as theirs, as their own, treats it as theirs, overflow parking'],
  ['car', '车 汽车 私家车 车辆 机动车 小汽车 外来车 外来车辆 外来车辆 停车费 摩托 摩托车 机车 拖车 油车 燃油车 =按喇叭 =狂按喇叭 =乱按喇叭 鸣笛 乱鸣笛 出租车 网约车 滴滴', 'car, vehicle, auto, motor, outside car, cars, lorry, truck, van, motorbike, motorbikes, motorcycle, motorcycles, tow truck, towed, tow away, petrol car, petrol cars, fuel car, gasoline car, taxi, taxis, ride hailing, didi, cab, cabs'],
  ['abandoned', '僵尸车 废弃 长期不挪 长期不动 弃置 报废车 僵尸 长期不开 =长期不开的车', 'abandoned, derelict, zombie, abandoned car, abandoned cars, abandoned bike, abandoned bikes, dumped car, never moved'],
  ['garage', '车库 地库 地下车库 地下停车场 停车库', 'garage, carpark, underground parking, underground car park, parking garage, the car park, in the car park'],
  ['fire-lane', '消防通道 消防车道 生命通道 消防车 安全通道 疏散通道 安全出口 救火车 逃生通道 逃生的路 黄网格 走火通道 走火楼梯 走火梯', 'fire lane, fire access, fire access road, fire route, emergency access, emergency lane, fire engine, fire truck, fire exit, emergency exit, yellow grid, yellow hatched, yellow box'],
  ['fire', '火灾 着火 起火 失火 火 自燃 爆炸 火警 消防 消防隐患 烧纸 焚烧 烧垃圾 烧树叶 炸了 会炸 万一炸', 'fire, blaze, burn, explode, explosion, fire hazard, blow up, blows up'],
  ['blocked', '占用 占 堵 堵塞 堵死 堵住 挡 挡住 阻塞 霸占 被占 占着 占满 乱堆 挡道 堵着 占道 挡光 挡阳光 太堵 很堵 堵得 地锁 私装地锁 车位锁 堵上 不通畅', 'block, blocked, obstruct, obstruction, occupy, take up, taken, clog, clogged, blocking, obstructed, in the way, hog, blocking the way, clutter, block the light, blocks the light, blocking the light, block light, blocks light, block the sun, blocks the sun, parking lock, parking locks, choked, choke, choking, bunged up, car cant get out, car cant get in, car cant get through, car cant get past, wedged open, propped open, held open, wedge open, prop open, padlocked post, fold down post, folding post, lockable post, parking post, as theirs, as their own, treats it as theirs'],
  ['shortage', '不足 不够 太少 少 缺 缺少 紧张 缺乏 没地方 找不到 没有 稀缺 不够用 没车位 没位置 没位子 太少了 不多 紧缺 供不应求 停车难 停车太难 多组织 多办 多搞 多举办 多开展 多建 多装 难找 很难找 难找到 太难找 不好找 光秃秃 抢不到 天天抢 要抢 抢 车多位少 位少', 'not enough, shortage, lack, lacking, insufficient, too few, few, short, scarce, nowhere, more, need more, enough, never any, no space, no spaces, hard to find, cant find, shortage of, in short supply, not sufficient, too little, scarcely any, hardly any, no, impossible to park, impossible to find, hard to get, hard to come by, nowhere to sit, nowhere to play, nowhere to park, no lights, no lighting, no streetlights, no street lights, no street lighting'],
  ['outsiders', '外来 外人 陌生人 闲杂人员 外来人员 外来车辆 外卖员 快递员 谁都能进 随便进 随意进出 随便进出 外面的人 随意进 随便进来 进小区 不登记 不检查 放进来 谁都放 随便放 谁都能进来', 'outsider, from outside, stranger, non resident, nonresident, outside car, outsiders, strangers, walk in, coming in, come in, check anyone, unchecked, wander in, anyone can, anybody can, anyone can walk in, let anyone in, lets everyone in, lets anyone in, lets everybody in, let everyone in, follow residents through, follow residents in, follow people in, tailgate, tailgating, slip in'],
  ['strangers', '外人 陌生人 闲杂人员 外来人员 外面的人 推销 推销的 发传单 谁都能进 谁都能进来 随便上楼 上楼推销 不认识的人 生面孔', 'stranger, strangers, walk in, walks in, wander in, wandering, anyone can walk in, salesman, salesmen, door to door, anyone can get in, anybody can walk in, people we dont know, unfamiliar faces, people nobody knows'],
  ['visitor', '访客 亲友 亲戚 来访 客人 临时停车 临停 访客登记', 'visitor, visitors, guest, guests, relatives, visiting, visitor parking, temporary parking, family visiting, visitor registration, register visitors, sign in visitors'],
  ['fee', '费用 费 价格 钱 缴费 交费 停车费 物业费 超时费 月租 租金 花钱 花费 账单 水费单 电费单 缴费单 管理费', 'fee, fees, cost, price, pay, payment, money, rate, parking fee, parking charge, rent, monthly, service charge, service charges, service fee, management fee, management fees, bill, bills, water bill, water bills, water charges'],
  ['expensive', '收费 涨价 贵 乱收费 涨 涨了 涨幅 太贵 实惠 便宜 便宜点 优惠 涨到 收钱 要钱 翻倍 翻了一倍 翻番 加价 加钱 提价', 'expensive, double, doubled, tripled, gone up, went up, charge a fee, price rise, overcharge, increase, increased, hike, raised, too high, costly, pricey, affordable, cheaper, cheap, reasonable price, low cost, subsidised, subsidized, pay too much, paying too much, costs too much, too much money, charge you, charges you, charge us, charges us, charged us, charged you, charge extra, charges extra, charged extra, charge residents, charges residents, raise fees, raise the fee, start charging, charging after, too dear, rip off, ripoff, overpriced, extortionate'],
  ['poor', '差 很差 太差 不好 不行 弱 很弱 太弱 质量差 没用 变差 越来越差 没变好 更差 变差了', 'poor, bad, terrible, awful, weak, lousy, appalling, bad quality, poor quality, useless, got worse, getting worse, gone downhill, worse'],
  // Noise
  ['noise', '开得太大 开太大 声音太大 吵 噪音 噪声 扰民 声音 太响 喧闹 大声 吵闹 吵得 闹 声 叫卖 吵死 闹腾 轰鸣 噪音大 装修噪音 动静 响 嗡嗡 轰隆隆 噪音扰民 吵人 吵到 震耳欲聋 蹦跳 跺脚 脚步声 拖椅子 砰砰 吵醒 电钻 打钻 砸墙 敲打 打桩 搅拌机 轰油门 炸街 咚咚 咚咚咚 噔噔 开那么大 开这么大 开得那么大 开得这么大 开那么响 咔咔响 咔咔 嗡嗡叫 吱吱 吱吱响 嘎吱 嘎吱嘎吱 震得 钻墙 打墙 凿墙 电视声 电视声音 猫叫 叫春 划拳 猜拳 喝酒划拳 大吵大闹 =按喇叭 =狂按喇叭 =乱按喇叭 鸣笛 乱鸣笛', 'noise, noisy, loud, racket, din, sound, volume, disturb, disturbance, shout, blaring, blasting, booming, noise complaint, noises, rumble, rumbling, humming, hum, buzzing, thumping, banging, bang, blast, blasts, stomp, stomping, footsteps, thud, deafening, renovation noise, construction noise, building noise, drilling noise, wake, wakes, woke, woken, wakes everyone, wake us up, wakes us up, keeps us awake, keep us awake, drilling, drill, hammering, pile driving, piledriving, revving, rev, revving engines, echo, echoes, echoing, bouncing, ball bouncing, horn, horns, honk, honking, hooting, tooting, rattle, rattles, rattling, vibrate, vibrates, vibration, squeak, squeaks, squeaky, squeaking, creak, creaks, creaking, whine, whining, drone, droning, tv too loud, television too loud, yowling, rowdy, yelling, shouting, singing, karaoke'],
  ['party', '派对 开派对 开趴 聚会吵 唱歌 k歌', 'party, parties, partying, shouting, karaoke at home, house party'],
  ['footsteps', '脚步声 蹦跳 =拖椅子 拖桌子 砰砰 咚咚 咚咚咚 噔噔 跳来跳去 走来走去', 'footsteps, stomping, stomp, thud, thuds, thumping, dragging furniture, dragging chairs, moving furniture, jumping around'],
  ['drinking', '喝酒 划拳 酗酒 醉酒 醉汉 喝醉', 'drinking, drunk, drunks, beer, alcohol, booze'],
  ['music', '音乐 音响 喇叭 音箱 外放 大喇叭 扩音器 歌', 'music, speaker, loudspeaker, sound system, stereo, song, amplifier'],
  ['dancing', '广场舞 跳舞 跳 舞 广场舞大妈 跳舞的', 'square dancing, square dance, dance, dancing, dancer, plaza dancing, aunties dancing, dance music'],
  ['venue', '场地 空地 广场 场所 活动场地', 'square, space, venue, plaza'],
  ['too-small', '能放进 放得进 太小 挤 拥挤 挤不下 更大 不够大 扩大 太窄 窄 容不下 装不进 塞不进 放不开 放下 放得下 能放下 放不下 容纳', 'too small, crowded, bigger, cramped, larger, overcrowded, narrow, expand, enlarge, far too crowded, doesnt fit, dont fit, cant fit, couldnt fit, wont fit, not fit'],
  ['market', '菜市场 早市 市场 集市 菜场 摊贩 摆摊 小贩 路边摊 地摊 摊位 早餐摊 早点摊 卖菜的 小摊 摆摊的 买菜 超市 夜市 =菜车 =卖菜车', 'market, wet market, trader, vendor, stall, hawker, street market, food market, traders, seller, street seller, street vendor, hawkers, vendors, stalls, supermarket, groceries, grocery shopping, buy groceries, fresh food, buy fresh food, night market, night markets, vegetable van, veg van, mobile market'],
  ['morning', '早上 清晨 凌晨 一大早 早晨 =天不亮 五点 六点 早', 'early, morning, dawn, 5am, 6am, early morning'],
  ['night', '晚上 夜里 夜间 深夜 半夜 夜晚 九点 十点 天黑 半夜三更 深更半夜 十一点 夜', 'night, evening, late, 9pm, 10pm, nighttime, at night, midnight, late at night, 11pm, after dark, 1am, 2am, 3am, 4am, 12am, small hours'],
  ['sleep', '睡 睡觉 睡不着 休息 睡不好 吵醒 失眠 午睡 瞓唔着 瞓唔到 瞓觉 瞓', 'sleep, wake, wake up, woken, insomnia, nap'],
  ['renovation', '装修 电钻 打钻 装修噪音 砸墙 敲打 钻墙 打墙 凿墙', 'renovation, renovate, renovating, drilling, drill, hammering, refurbishment, renovation noise, drilling noise, drilling into walls, knocking down walls'],
  ['construction', '工地 渣土车 搅拌机 打桩 塔吊 夜间施工 建筑工地 混凝土 浇混凝土 水泥搅拌', 'building site, construction site, pile driving, piledriving, road works, roadworks, roadwork, heavy machinery, construction machinery, crane, night work, site'],
  ['works', '施工 工程', 'construction, building work, construction noise, building noise'],
  ['debris', '装修垃圾 建筑垃圾 渣土 碎砖 砖头 水泥袋 废料 建渣', 'construction waste, building waste, rubble, debris, renovation waste, building rubble, builders rubble'],
  ['weekend', '周末 星期天 周日 星期六 周六 节假日', 'weekend, sunday, saturday, holiday'],
  ['quiet-hours', '时间 限制 规定时间 时段 音量', 'quiet hours, hours, time limit, limit, restrict, curfew'],
  // Waste
  ['rubbish', '垃圾 垃圾桶 垃圾箱 废物 生活垃圾 垃圾站 垃圾房 垃圾点 垃圾分类 垃圾堆 垃圾车 垃圾袋 丢垃圾 垃圾道', 'rubbish, garbage, trash, waste, litter, bin, bins, refuse, dumpster, wheelie bin, trash can, dustbin, waste bin, litter bin, garbage can, bin bag, rubbish bag, green bin, green bins, grey bin, grey bins, blue bin, blue bins, brown bin, brown bins, black bin, black bins, rubbish chute, garbage chute, trash chute'],
  ['lid', '盖子 盖 桶盖', 'lid, lids, uncovered'],
  ['sorting', '分类 垃圾分类 分拣 厨余 可回收 其他垃圾 有害垃圾 干垃圾 湿垃圾 乱扔 乱丢 破袋', 'sort, sorting, recycling, recycle, recyclable, classify, separate, food waste, kitchen waste'],
  ['unsorted', '不分类 混 混在一起 混着 一股脑 混投 不分 没分类 乱分 乱扔 乱丢 白分 白分了 混着扔 混在一起扔 混装 全扔进', 'mixed, mix, mixing, unsorted, throw everything, throws everything, in one bag, in the same bag, everything else, goes in with, dont sort, doesnt sort, nobody sorts, no one sorts, not sorted, never sort, all mixed, all mixed together, mixed in together, all in one bag'],
  ['dropoff', '定时扔 定时丢 只能定时 投放 定时定点 定时投放 扔垃圾 倒垃圾 投放时间 撤桶 定点', 'drop off, dropoff, put out, take out the rubbish, take out the trash, drop off hours, bin times, collection times, dropoff hours, dropoff times, dropoff time, dropoff window, dropoff windows, drop off time, drop off times, drop off window, drop off windows, drop off slot, drop off slots, drop off hours'],
  ['collection', '清运 收运 拉走 运走 收走 清走', 'collect, collection, pick up, empty, emptied, removal, haul'],
  ['full', '满 满了 溢出 爆满 装不下 放不下 放不进 放不进去 溢 塞满 堆满', 'full, overflow, overflowing, fill up, filled up, spill, occupied, always occupied, all taken, all in use'],
  ['smell', '臭 异味 气味 难闻 臭味 味道 恶臭 味儿 臭气 臭气熏天 熏 味大 反味 怪味 味 臭烘烘 熏人 返臭 反臭', 'smell, stink, stench, odour, odor, smelly, reek, stinks, stinky, smells, foul, whiff'],
  ['guidance', '指导 说明 培训 宣传 标识 指引 告示 提示 讲解 教 不会 分不清 规则 不知道怎么 麻烦 复杂 太复杂 看不懂 往哪扔 扔哪 扔哪里 不知道扔 不会用 不会弄 不会操作', 'guide, guidance, instruction, sign, signage, train, training, explain, leaflet, poster, rule, dont know, know how, how to, teach, complicated, confusing, confused, too complicated, not clear, unclear, where do we put, where to put, where to throw, where to dump, where do i put, get stuck on, cant use, dont know how to use, cant work out'],
  ['bulky-waste', '大件垃圾 旧家具 沙发 床垫 旧沙发 大件', 'bulky, bulky waste, furniture, sofa, mattress, couch'],
  ['clean', '清理 清扫 打扫 清洁 卫生 捡 收拾 清除 清洗 没洗 保洁 保洁员 保洁阿姨 清洁工 清洁阿姨', 'clean, clean up, tidy, sweep, pick up, clear, cleaning, cleaned, washed, wash, cleaner, cleaners, cleaning staff'],
  ['dirty', '脏 脏乱 不干净 脏乱差 恶心', 'dirty, filthy, messy, mess, disgusting, gross, grimy, a mess, is a mess, in a mess, messy'],
  ['everywhere', '到处都是 到处是 到处 满地 遍地 随处', 'everywhere, all over, all over the place, anywhere'],
  // Elderly care and community
  ['elderly', '老人 老年 老年人 长者 老人家 高龄 养老 老年食堂 老人们 空巢老人 独居老人 爷爷奶奶 大爷大妈 老同志 老年朋友 老人多 腿脚不便 行动不便 老大爷 老太太 老奶奶 老爷爷 老年大学 腿脚不好', 'elderly, senior, seniors, old people, aged, pensioner, retiree, older people, older resident, elderly resident, old folk, old folks, grandparents, grandpa, grandma, older residents, the aged, elders, old ladies, old lady, old man, old men, grannies, granny, frail, mobility'],
  ['alone', '独居 空巢 一个人住 独自 没人照顾 独居老人 空巢老人 子女不在身边 无人照顾', 'alone, living alone, live alone, lone, solitary, isolated, lonely, on their own, by themselves, empty nest, without family, no family, no relatives, family far away'],
  ['meals', '食堂 助餐 饭堂 吃饭 做饭 餐 饭菜 送餐 午餐 助餐点 菜 老年食堂 =送餐上门 =送饭上门 =买菜做饭', 'canteen, meal, meals, food, lunch, dining, eat, cook, cooking, dinner, dining hall, meal service, meals service, meal delivery, meals on wheels'],
  ['taste', '咸 油 油腻 难吃 清淡 口味', 'salty, oily, greasy, taste, bland, unhealthy'],
  ['visits', '探望 上门 看望 关心 陪伴 关怀 走访 定期 关注 照顾 照料 敲门 串门', 'visit, check on, look in, regularly, visiting, home visit, befriend, attention, care, care for, look after, support, keep company, keep them company, some company, buddy, buddy system, knock on the door, knock on their door, check in on, check up on, look in on'],
  ['daycare', '=日间照料 日托 =照料中心 托老所 =日间照料中心 托老 老年日托 养老驿站', 'day care, daycare, day centre, day center, respite, adult day care, care centre, care center'],
  ['childcare', '托育 托管 托儿所 托班 四点半课堂 课后托管 托管班 课后班 暑假 寒假 夏令营', 'childcare, child care, after school club, afterschool club, homework club, babysitting, creche, after school care, after school, summer holidays, summer camp, holiday club'],
  ['volunteers', '志愿者 义工 志愿', 'volunteer, volunteers, volunteering'],
  ['health', '医院 诊所 卫生站 看病 体检 医生 药 社区医院 =卫生服务中心 社区卫生站 卫生中心 社区诊所 家庭医生 签约医生 配药 开药 兽医', 'clinic, doctor, hospital, health, medical, checkup, medicine, pharmacy, health centre, health center, community health centre, community health center, medical centre, medical center, health clinic, family doctor, gp, prescription, prescriptions, repeat prescription, vet, vets, veterinary clinic'],
  ['queue', '排队 排长队 排很久 队太长', 'queue, queues, queuing, queueing, line up, long wait, waiting list'],
  ['activities', '活动 兴趣班 组织 讲座 比赛 聚会 课程 老年大学 课 兴趣课 培训班 读书会 下棋 象棋 围棋 培训 办活动 搞活动', 'activity, activities, event, club, class, workshop, talk, gathering, classes, course, courses, lessons, painting, book club, reading club, chess, events, training'],
  ['centre', '活动中心 活动室 社区中心 会所 服务中心', 'community centre, community center, centre, center, hall, clubhouse, community room, activity room, function room, meeting room'],
  // Lighting and the dark
  ['light', '灯 路灯 照明 灯光 声控灯 感应灯 灯泡 楼道灯 亮 开灯 电灯 楼道灯 路灯 灯坏 路灯杆 灯具 照明灯', 'light, lighting, lamp, streetlight, street light, bulb, lit, motion sensor light, sensor light, lights out, bulbs, streetlamp, street lamp, street lamps, lights, lamps, floodlight, lamp post, stairwell light, corridor light, stairwell lights, corridor lights, hallway light, hallway lights, stair light, stair lights, no lights, no lighting, no streetlights, no street lights, no street lighting'],
  ['glare', '太亮 太刺眼 刺眼 晃眼 直射 照进 照进来 照到 正对 灯罩 光污染 亮得 亮如白昼 跟白天一样亮', 'too bright, so bright, glare, glaring, dazzling, blinding, shines into, shines straight into, shining into, shine into, shines in, light pollution, lit up like daytime, like daytime, like daylight, lit up like'],
  ['dark', '黑 暗 黑漆漆 昏暗 太暗 看不见 黑乎乎 伸手不见五指 发毛 黑灯瞎火 不开灯 漆黑 一片漆黑 没有灯 没灯 没路灯 没有路灯 手电 手电筒', 'dark, dim, pitch dark, unlit, gloomy, darkness, pitch black, cant see, total darkness, torch, flashlight, phone torch'],
  ['path', '路 小路 道路 小道 马路 过道 主路 主干道 路灯 路灯杆', 'path, road, lane, street, alley, main road, driveway, streetlight, street light, streetlights, street lights, streetlamp, street lamp, street lamps, lamp post, lamppost, lamp posts, lampposts'],
  ['pavement', '人行道 便道 步道 盲道', 'pavement, sidewalk, footpath, walkway, footway, paving, paving stone, paving stones, paving slab, paving slabs, paved, flagstone, flagstones, tactile paving, tactile path, blind path, tactile strip, tactile paths'],
  ['road-surface', '坑 坑洼 坑坑洼洼 路面 路不平 路面破损 坑洞 凹凸不平 塌陷', 'pothole, potholes, hole, holes, road surface, uneven, bumpy, breaking up, cracked road, crater'],
  ['manhole', '井盖 窨井盖 下水道井盖', 'manhole, manhole cover, manhole covers, drain cover, drain covers'],
  ['gate', '大门 门口 北门 南门 东门 西门 出入口 门 侧门 正门 单元门 单元门口 楼门 楼门口', 'gate, entrance, entry, door, exit, main gate, north gate, south gate, gateway'],
  ['stairwell', '楼道 走廊 楼梯间 楼梯 过道 楼梯口 楼道里 单元门 楼道灯 大堂 门厅 一楼大厅', 'corridor, stairwell, hallway, stairway, stair, stairs, staircase, landing, hall, communal area, stairwell light, corridor light, stairwell lights, corridor lights, hallway light, hallway lights, stair light, stair lights, lobby, entrance hall, foyer, indoors, inside the building, in the building'],
  ['danger', '危险 隐患 不安全 安全隐患 风险 吓人 吓 害怕 担心 =心里发毛 砸到 砸到人 受伤 消防隐患 摔倒 摔跤 跌倒 摔伤 摔了一跤 撞到 撞倒 被撞 撞人 撞伤 提心吊胆 心惊胆战 咬人 咬伤 被咬', 'danger, dangerous, hazard, unsafe, risk, get hit, hit, knocked down, run over, tipped over, fell over, fell down, fell, had a fall, trip, risky, scare, scary, afraid, fear, worry, worried, accident, not safe, not feel safe, doesnt feel safe, isnt safe, feel unsafe, hurt, injure, injured, injury, fall over, fell down, fall down, tripped, had a fall, death trap, deathtrap, get killed, could kill, be killed, jumped at, jumps at, lunged at, lunge at, bite, bites, bitten'],
  ['safety', '安全', 'safe, safety, secure'],
  // Security
  ['access-control', '门禁 门禁卡 刷卡 门卡 人脸识别 门禁系统 门锁 锁 单元门锁 门锁坏 刷脸 道闸 车闸 抬杆 钥匙 门钥匙', 'access control, access card, key card, keycard, fob, key fob, entry system, door entry, swipe card, lock, locks, door lock, lock broken, barrier, car park barrier, boom barrier, gate barrier, card reader, card readers, reader, face scan, face scanned, face scanning, facial recognition, face recognition, face scans'],
  ['privacy', '隐私 人脸信息 个人信息 泄露 信息安全 收集信息 收集照片 人脸数据 数据 照片 拍到我家 偷拍', 'privacy, personal data, personal information, data protection, our data, face data, facial data, biometric, biometrics, data, who keeps, photos, filmed, pointed at my door, aimed at our door, aimed at my door, aimed right at, pointing at my door, filming our door'],
  ['guards', '保安 安保 门卫 巡逻 保安亭 门岗 保安室 物业保安 值班 =监控室 =监控中心 值班室', 'guard, security guard, security, patrol, doorman, concierge, security staff, watchman, security patrol, guards, on duty, gatekeeper, gate keeper, gateman, control room, security office, security room, guardhouse'],
  ['cctv', '监控 摄像头 探头 监控摄像头 录像 死角 盲区 查不到', 'cctv, camera, cameras, surveillance, security camera, footage, monitor, blind spot, blind spots, coverage'],
  ['theft', '偷 被偷 盗 失窃 丢 小偷 偷走 丢了 被盗 偷了 盗窃 撬 撬门 入室盗窃 被撬 拿走 被人拿走 顺走', 'steal, stolen, theft, thief, burglary, burglar, rob, is missing, are missing, gone missing, goes missing, keep going missing, break in, broken into, breakin, burglaries, burgled, disappear, disappearing, go missing, stole, nicked, pinched, went missing, get taken, gets taken, got taken, taken from, been taken'],
  ['bicycle', '自行车 单车 共享单车 脚踏车 自行车架 车架', 'bike, bicycle, cycle, shared bike, bike rack, bikes, bicycles, cycle rack, abandoned bikes, abandoned bike'],
  ['ebike', '电动车 电瓶车 电单车 电动自行车 电动摩托 电动车电瓶 电瓶 小电驴 电驴 电动单车 外卖车', 'ebike, electric bike, escooter, electric scooter, scooter, moped, ebike battery, ebikes, e scooter, e scooters'],
  ['battery', '电瓶 电池 电动车电瓶 锂电池', 'battery, batteries, ebike battery, lithium'],
  ['bike-shed', '车棚 自行车棚 非机动车棚 =停车棚', 'bike shed, bike shelter, shed, bike store, cycle shelter, bike room'],
  ['charging', '充电 充电桩 充电站 充电口 飞线 飞线充电 充电器 插座', 'charge, charging, charger, charging point, charging station, charging pile, socket, plug in, extension cord'],
  // Deliveries
  ['lockers', '快递柜 丰巢 柜子 智能柜 储物柜 快递箱 柜', 'locker, lockers, parcel locker, delivery locker, parcel box'],
  ['parcels', '快递 包裹 外卖 快递员 送货 菜鸟驿站 驿站 快递站 快递点 外卖小哥 骑手 外卖员 =送上门 =送货上门 送到家 送到门口', 'parcel, package, delivery, courier, takeaway, deliveryman, food delivery, parcel station, pickup point, delivery rider, rider, riders, couriers, parcels, packages, deliveries'],
  ['overtime', '超时 超过 小时', 'overtime, hours, hour, too long'],
  ['unfair', '不合理 不公平 霸王条款 凭什么 没有道理 没道理 不讲理', 'unfair, unreasonable, not fair, ridiculous, outrageous'],
  // Property management
  ['property', '物业 物业公司 管理处 物业管理 物管 物管处 物业处 物业费 业委会 业主委员会 物业公司 物业管理处 物业人员 管家 物业经理 物业客服 客服 前台 物业前台 物业员工 换物业 更换物业 换掉物业 炒掉物业 管理费', 'property management, management, mgmt, mgmt office, management office, management company, managing agent, property company, estate office, property manager, estate management, owners committee, the management, pm company, property office, building management, front desk, helpdesk, hotline, property mgmt, staff, property staff, management staff, service charge, service charges, management fee, management fees, change the management company, replace the management company, new management company'],
  ['owners', '业主 住户 居民 业主大会 邻居 租户', 'resident, residents, owner, homeowner, tenant, neighbour, neighbor, household, next door, nextdoor, the neighbours, the neighbors'],
  ['service', '没下文 没有下文 石沉大海 没回音 没有回音 没人回复 不回复 服务差 不作为 敷衍 不管 没人管 敷衍了事 态度差 推诿 不负责 没人打理 无人管理 没人理 不理 荒废 不在岗 脱岗 玩手机 不接电话 电话打不通 打不通 没人接 推脱 投诉没用 投诉无门 不巡逻 不管事 不干事 不干活 不办事 态度不好 爱答不理 态度很差 态度恶劣 态度太差 态度极差 不回 不回消息 已读不回', 'nobody pick up, no one pick up, nobody ever pick up, never pick up, pick up the phone, answer the phone, nobody answer, no one answer, never answer, ignore, ignored, refuse to, refuses to, refused to, keeps refusing, keep refusing, unresponsive, nobody, no one, careless, irresponsible, slack, useless, neglect, neglected, nobody looks after, never at his post, asleep on duty, sleeping on the job, on his phone, never answers, doesnt answer, no answer, never pick up, never picks up, nobody answers, passes the buck, does nothing, do nothing, doing nothing, never does anything, never get done, never gets done, never done, not done, nothing gets done, nothing is done, dont patrol, never patrol, no patrols, doesnt patrol, cant get through, cant reach, no one answers, rude, impolite, bad attitude, unfriendly, get nothing, nothing in return, for nothing, for what we get, never responds, never respond, responds, respond, ignores, ignore complaints, ignores complaints, sleep on duty, sleeps on duty, sleeping on duty, asleep, always asleep, never replies, never reply, no reply, no replies, doesnt reply, dont reply, never respond, never responds, not responding, no response, never get back, never got back'],
  ['consult', '讨论 协商 征求意见 投票 经过 公告 =没有经过 =没经过 未经 未经过 不经过', 'consult, consultation, vote, discuss, announce, agree, approval, told, without asking, without consulting, without consultation, no consultation, nobody asked, no one asked, never asked, without asking us'],
  ['notify', '通知 =提前通知 告知 不通知 没通知 =不提前通知 事先通知 =提前贴通知 =提前告知 =提前贴告示 =提前说一声', 'notice, advance notice, notify, notified, informed, warning, without warning, no notice, no warning, told, tell us, inform, informing, announce, announced, announcement, announcements'],
  ['phone', '电话 热线 打电话 来电', 'phone, call, hotline, phone number, telephone, ring'],
  ['election', '选举 换届 改选 选业委会', 'election, elections, elected, rigged, reelection'],
  ['fund', '=维修基金 基金 公共收益 账目 账 收支 收益 广告费 =维修资金 =专项维修资金 公共维修基金', 'fund, maintenance fund, sinking fund, accounts, budget, income, revenue, spending, where does our money go, where the money goes'],
  ['transparency', '透明 不透明 公开 公示 公布 账目公开 去哪儿了 去哪了 明细 怎么花 花在哪 用在哪 没有解释 不解释 没说明 没有说明 不说明', 'breakdown of costs, breakdown of the costs, breakdown of spending, transparent, transparency, publish, disclose, disclosure, open books, not transparent, where does, show us, spent, how the money is spent, how it is spent, see the accounts, be public, made public, make public, public accounts, open to the public, breakdown of the spending, breakdown of expenses, breakdown of the expenses, itemised, itemized, where our money goes, no explanation, without explanation, without any explanation, never explained, not explained, nobody explained'],
  // Water and leaks
  ['leak', '漏水 渗水 漏 渗漏 防水 漏雨 滴水 返潮 爆 爆裂 冻裂 爆了 渗进来 漏进来 滴到 滴下来 往下滴', 'leak, leaking, leaky, seep, seepage, waterproof, waterproofing, drip, damp, burst, bursts, water coming through, water comes through, coming through the roof, water comes in, water coming in, water gets in, letting in water, comes through the ceiling, dripping, drips'],
  ['mould', '发霉 霉 霉斑 长毛 潮湿 返潮 回南天', 'mould, mold, mouldy, moldy, mildew, damp, dampness, humid, humidity'],
  ['roof', '顶楼 顶层 屋顶 楼顶 天台 房顶 屋面 屋面防水', 'roof, top floor, rooftop, top storey, attic, up top'],
  ['rain', '下雨 雨 雨天 雨水 暴雨', 'rain, rains, rainy, rainwater, storm'],
  ['pipe', '水管 管道 下水道 爆管 下水 排水 水管爆 管子 化粪池 污水 地漏 雨水井 雨水口 排水沟 水沟', 'pipe, plumbing, drain, sewer, drainage, burst pipe, pipes, sewage, blocked drain, floor drain, gully, gullies, gutter, gutters'],
  ['sewage', '污水 化粪池 污水管 冒污水 粪池 脏水 倒灌 返水 反水', 'sewage, sewer, raw sewage, foul water, wastewater, septic tank, cesspit, back up, backs up, backing up, backed up, backflow'],
  ['flood', '积水 淹 水浸 泡水 抽水 排水 倒灌 返水 漫出来 冒出来 漫 冒水 反涌 冒上来 涌上来 变成游泳池 成了游泳池 像游泳池 变成河 成了河 水漫金山', 'ankledeep, ankle deep, kneedeep, knee deep, flood, flooded, flooding, standing water, waterlogged, puddle, pump, back up, backs up, backing up, overflowing drain, overflow onto, flooding out, bubbles up, bubbling up, bubble up, bubbled up, comes up through the drain, gurgles up, turns into a swimming pool, like a swimming pool, into a swimming pool, into a lake, like a lake, flood barrier, flood barriers'],
  ['basement', '地下室 负一楼 地下', 'basement, cellar, underground'],
  ['water', '水 自来水 水质 饮用水 水费 水箱 蓄水池 售水机 自动售水机', 'water, tap water, water quality, drinking water, water supply, water bill, water bills, water charges, water tank, tank, water vending machine, water dispenser, drinking fountain, drinking fountains, water fountain, water dispenser, water dispensers'],
  ['discoloured', '发黄 黄 浑浊 有杂质 锈水 黄水 铁锈味 锈味 有锈', 'yellow, discoloured, discolored, cloudy, rusty water, brown, brownish, yellowish, rust coloured, tastes of rust, tastes rusty, rust in the water'],
  ['utilities', '电 燃气 煤气 天然气 电线 电费 水电', 'electricity, power, gas, wiring, electricity bill'],
  ['outage', '停水 停电 断水 断电 停气 没水 没电 断网', 'power cut, outage, cut off, no water, water cut, blackout, shut off, no power, no electricity, water outage, power outage'],
  ['ev', '新能源车 新能源汽车 电动汽车 汽车充电桩 充电车位', 'ev, evs, electric car, electric cars, electric vehicle, electric vehicles, ev charger, ev chargers, ev charging'],
  ['climb', '爬楼 爬楼梯 走楼梯 爬', 'climb, climbing, climb the stairs, manage the stairs, up and down stairs, up the stairs, carry shopping, shopping bags, shopping bag, with shopping, carry groceries, carrying groceries, carries groceries, groceries up, carry the groceries'],
  ['slippery', '积雪 结冰 路滑 滑倒 湿滑 冰 扫雪 除雪 铲雪 台阶滑 地滑 很滑 太滑 好滑 打滑', 'ice, icy, snow, slippery, slip, slipped, frozen path, snow clearing, clear the snow, clearing snow, gritting, grit the paths, salt the paths'],
  ['laundry', '晾衣 晾衣服 晒被子 晾晒 晾衣架 晾衣绳 晾 晾被子 晒衣服 晒被 晒被褥 晒棉被 晾被 洗衣房 自助洗衣 公共洗衣机', 'drying clothes, washing line, clothesline, clothes line, laundry, dry clothes, drying laundry, hang washing, hanging washing, air duvets, air the duvets, airing duvets, air bedding, air quilts, duvets, quilts, wet clothes, soaking wet clothes, hang out their washing, freshly washed, laundry room, launderette, laundromat, washing machines, hang out the washing, hangs out the washing, air the bedding, airing the bedding, air bedding'],
  ['shops', '商铺 底商 门面 店铺 餐馆 饭店 KTV 酒吧 夜宵 饭馆 小卖部 超市 烧烤店 餐厅', 'shop, shops, restaurant, restaurants, bar, bars, ktv, karaoke, corner store, convenience store, grocery store, supermarket, takeaway shop, bbq place, bbq restaurant, barbecue restaurant, restaurant terrace, diner, diners'],
  ['heating', '暖气 供暖 暖气片 取暖 供热 地暖 暖气费 采暖', 'heating, radiator, radiators, central heating, heat, heater, heating fee, heating charge, heating bill, heating bills, heating charges'],
  ['water-pressure', '水压 水压低 水压太低 水压不够 水流小 水很小 水小 出水小 出不来 上不去 =上不来 =水上不来 用水高峰 用水高峰期', 'water pressure, pressure, low pressure, trickle, barely runs, weak flow, low flow, shower barely, peak water use, peak water demand'],
  ['flat-above', '楼上 楼上邻居 楼上住户 楼上人家', 'flat above, flat upstairs, upstairs flat, upstairs flats, upstairs neighbour, upstairs neighbours, upstairs neighbor, upstairs neighbors, neighbour above, neighbours above, apartment above, unit above, people upstairs, the flat above, floor above'],
  ['upper-floors', '高层 楼上 高楼层 顶楼 楼层高', 'upper floor, upper floors, top floor, high floor, higher floors, upstairs'],
  // Animals
  ['dog', '狗 犬 宠物 遛狗 狗狗 大狗 狗主人 养狗 宠物狗', 'dog, puppy, pet, dog owner, dog walker, dog mess, dog poo, dog poop, dog fouling'],
  ['dog-mess', '狗屎 狗粪 粪便 便便 屎 狗粪便 排泄物 撒尿 尿 狗尿 狗大便 大便 粑粑 狗粑粑 鸽子屎 鸟屎 鸽粪 鸟粪 小便 随地小便 随地大小便', 'pigeon droppings, bird droppings, pigeon mess, poo, poop, poops, pooping, mess, faeces, feces, droppings, excrement, dog mess, dog poo, dog fouling, fouling, pee, peeing, urinate, urinating, urine, wee, clean up after their dog, clean up after their dogs, pick up after their dogs, pick up after their dog, dont clean up after, dog poop, dog pooping, dog dirt, pick up after their pets, pick up after pets, clean up after their pets, clean up after pets'],
  ['leash', '拴绳 牵绳 绳 狗绳 栓绳 不拴绳 不牵绳', 'leash, lead, off leash, on a leash, unleashed, off the lead, run loose, running loose, runs loose, off lead, off their lead, off its lead'],
  ['barking', '狗叫 叫 吠 乱叫 狂叫', 'bark, barking, howl, yap'],
  ['pests', '老鼠 蟑螂 苍蝇 虫 白蚁 虫子 害虫 臭虫 死老鼠', 'rat, rats, mouse, mice, cockroach, fly, flies, pest, vermin, termite, pests, insects, bugs, bed bugs, bedbugs, bed bug, dead rat, dead rats, dead mouse, dead mice'],
  ['mosquito', '蚊子 蚊虫 蚊 灭蚊 蚊香', 'mosquito, mosquitoes, mosquitos, midge, midges, gnats'],
  ['pest-control', '消杀 打药 喷药 杀虫 灭鼠 灭蟑 消毒 除虫 除草剂', 'spray, spraying, fumigate, fumigation, pest control, exterminate, poison, insecticide, herbicide, weedkiller, weed killer'],
  ['stray', '流浪猫 流浪狗 野猫 猫 投喂 喂猫 喂流浪猫 猫叫 叫春 死猫', 'stray, stray cat, stray dog, cat, cats, feral, feed, feeding, feeds, feeding cats, yowling, cats yowling, dead cat, dead cats'],
  ['birds', '鸽子 鸽 鸟 鸽子屎 鸟屎 养鸽子 鸽棚 乌鸦 麻雀 喜鹊 死鸟', 'pigeon, pigeons, bird, birds, pigeon loft, bird droppings, pigeon droppings, pigeon mess, magpie, magpies, sparrows, dead bird, dead birds, dead pigeon, dead pigeons'],
  ['neuter', '绝育 节育 结扎 tnr', 'neuter, neutering, neutered, spay, spaying, sterilise, sterilize, tnr, trap neuter return, trap neuter release'],
  // Children and play
  ['children', '孩子 儿童 小孩 小朋友 孩 孩子们 学生 小孩子 宝宝 娃 孩子们 娃娃 小学生 中学生 青少年 幼儿 =儿童活动场地 =儿童活动区 =细路 =细路仔 =啲细路 细蚊仔', 'child, children, kid, kids, toddler, student, youngster, little ones, young children, baby, babies, toddlers, teenagers, teens, young people, youth, pupils'],
  ['school', '学校 小学 幼儿园 中学 校门 校门口 学生 上学 放学', 'school, primary school, kindergarten, nursery, school gate, pupils, school run, school drop off, school run traffic'],
  ['traffic', '堵车 拥堵 交通 车流 接送 车多 乱停车 双排停车 太堵 很堵 堵得 塞车 塞到 塞死 塞到死 高架 铁路 高铁', 'traffic, traffic jam, jam, congestion, congested, pick up time, drop off time, double park, doublepark, chaos, gridlock, jammed, gridlocked, school drop off, school run traffic, highway, motorway, flyover, overpass, railway'],
  ['crossing', '斑马线 人行横道 红绿灯 过马路 信号灯', 'zebra crossing, crossing, pedestrian crossing, traffic light, traffic lights, cross the road'],
  ['playground', '游乐 游乐场 游乐设施 滑梯 秋千 儿童乐园 玩的地方 玩的设施 玩具 玩耍 游乐区 沙坑 儿童游乐 儿童设施 儿童游乐设施 游乐设备 没地方玩 地方玩 =儿童活动场地 =儿童活动区', 'playground, play area, slide, swing, sandpit, play equipment, climbing frame, play equipment, playgrounds, see saw, seesaw, play park, nowhere to play, place to play, somewhere to play, space to play'],
  ['study', '写作业 作业 学习 读书 看书 练口语 口语 自习室 自习', 'study, homework, learn, learning, read, reading, practise, practice, speak, reading room'],
  ['gym', '健身器材 健身 运动器材 锻炼 运动 篮球场 乒乓球 踢球 打球 玩球 滑板 跑道 健身步道 塑胶跑道 晨练 太极 太极拳', 'gym, exercise, fitness, exercise equipment, workout, sport, sports, basketball, table tennis, play football, ball games, skate, skate spot, skate park, skatepark, skateboard, skateboarding, skating, running track, jogging track, walking track, jogging path, tai chi, taichi, morning exercises, skateboard, skateboards, skateboarders, skateboarding, skate park'],
  ['equipment', '设施 设备 器材 器械', 'equipment, facility, facilities, apparatus'],
  ['cracked', '裂缝 裂 开裂 裂开 松动 掉漆 脱落 墙皮 掉皮 起皮 剥落 往下掉 松了 晃动 摇摇晃晃', 'crack, cracked, loose, peeling, broken off, splinter, fall off, falling off, come off, coming off, peel, peels, flaking, peeling paint, paint peeling, paint is peeling, paint flaking, flaking paint, paint coming off, wobbly, wobbles, wobbling'],
  // Greenery
  ['greenery', '绿化 绿地 绿化带 草坪 草地 花草 花坛 花 绿色 公共绿地 花园 植物 灌木 绿植 景观 裸露 黄土 绿化差 公园', 'green, greenery, lawn, grass, flower, flowers, landscaping, garden, green belt, green space, plant, plants, verge, shrub, bush, bushes, planting, landscape, hedge, hedges, bare soil, bare earth, mud, community park'],
  ['tree', '树 树木 大树 树枝 树叶 绿树 种树 落叶 树根 树荫 树枝太长 枝条 树杈 银杏 银杏树 枯树 枯枝 死树 歪了 要倒', 'tree, trees, branch, branches, roots, tree roots, ginkgo, ginkgos, dead tree, dead trees, dead branch, dead branches, leaning tree, fallen leaves, dead leaves, leaves everywhere'],
  ['vegetables', '种菜 菜地 蔬菜 菜园 种葱 种蒜 种葱种蒜 种菜的', 'vegetable, vegetables, veg, allotment, vegetable plot, vegetable patch, grow vegetables, herbs, grow herbs, growing vegetables, vegetable garden, veggie patch'],
  ['prune', '修剪 剪 剪枝 修枝 疯长 树枝太长 乱长 剪一剪 修一修 割草 修剪草坪 除草', 'prune, trim, cut back, pruning, overgrown, trim the hedges, trim back, trimmed, mow, mowed, mowing, mow the grass, mow the lawn, unmowed, weeding'],
  ['fell', '砍 砍掉 砍了 砍伐 伐 挖掉 移走 砍树', 'cut down, chop down, chopped down, remove the tree, removed the trees, cutting down, cut them down, stop cutting'],
  ['sunlight', '阳光 采光 光线 日照 挡光 晒不到 开灯 挡阳光 挡晒光', 'sunlight, sun, daylight, sunshine, block the light, blocks the light, blocking the light, block light, blocks light, block the sun, blocks the sun'],
  ['shade', '遮阴 遮阳 遮荫 阴凉 凉亭 树荫', 'shade, shady, sunshade, shelter from the sun, no shade'],
  ['hot', '太热 很热 暴晒 闷热 热死 晒得 中暑', 'too hot, so hot, very hot, boiling hot, scorching, baking hot, heatwave, heatstroke, heat stroke'],
  ['public-space', '公共空间 公共区域 公共 公用', 'public space, communal, public, shared space, common area'],
  // Other amenities
  ['falling-objects', '坠物 高空坠物 砸到 掉下来 掉东西 掉落 脱落砸 往下掉 跌落 掉下 砸下来 剥落 在掉 掉瓷砖 瓷砖掉 往下落', 'falling objects, falling, dropped from, fell off, fell from, fall from, falls off, dropped off, coming off, come off, comes off, came off, coming loose, came loose, come loose, comes loose, working loose'],
  ['thrown', '高空抛物 抛物 扔东西 往下扔 从楼上扔 往楼下扔 扔下来 往下丢 丢下来 楼上扔 乱扔东西 弹烟头', 'throw, thrown, throwing, throwing things, objects thrown, threw, throw things, out of the window, out of windows, chuck, chucking, tossed, toss, flick, flicks, flicking, flicked'],
  ['litter-items', '烟头 烟蒂 瓜子壳 果皮 纸屑', 'cigarette butt, cigarette butts, cigarette end, cigarette ends, fag ends'],
  ['notice-board', '公告栏 公告 告示栏 宣传栏 通知栏', 'notice, notice board, noticeboard, announcement, bulletin, bulletin board'],
  ['internet', '网络 网速 信号 无线网 上网 宽带 光纤 运营商 手机信号 信号不好', 'wifi, internet, signal, network, wireless, broadband, provider, isp, fibre, fiber, broadband provider, internet provider, phone signal, mobile signal, mobile reception, reception, dead zone, no bars, 4g, 5g'],
  ['app', '小程序 程序 登录 线上 公众号 app 微信 微信群 业主群 群里 智能手机 扫码 二维码 手机上办 网上办 手机上 网上 健康码 手机支付 移动支付 扫码支付 微信支付 支付宝', 'app, login, log in, online, website, wechat, wechat group, wechat groups, group chat, smartphone, smartphones, qr code, qr codes, qr, mini program, mini programs, online form, online forms, digital, mobile payment, mobile payments, mobile pay, phone payment, pay by phone, wechat pay, alipay'],
  ['library', '图书室 图书馆 阅览室 书 书屋 读书角', 'library, book, books, reading room'],
  ['bench', '长椅 座椅 椅子 凳子 休息椅 没地方坐 坐的地方 坐一坐 坐下 歇脚 歇一歇 歇一下 歇歇', 'bench, seat, chair, seating, nowhere to sit, somewhere to sit, place to sit, sit down, nowhere to rest, somewhere to rest, place to rest, a rest, stop and rest'],
  ['bus', '公交 公交车 公交站 车站 站台 地铁 线路 公交线路 班次 末班车 末班 头班车 首班车 收班 =班车 =小区班车 =接驳车 =摆渡车', 'bus, bus stop, transit, subway, metro, bus station, train station, metro station, subway station, bus terminal, terminal, bus route, bus routes, route, routes, last bus, first bus, last train, last service, shuttle, shuttle bus'],
  ['far', '太远 很远 离得远 比较远 好远 走很远 绕远 绕很远 走二十分钟 走半小时 走十几分钟 要走 坐两站 上学远 太远了 挺远 有点远 那么远 这么远', 'too far, far away, long walk, min walk, minute walk, minutes walk, mins walk, far from, miles from, walking distance, within walking distance, minutes away'],
  ['shelter', '遮雨棚 雨棚 候车亭 遮阳棚 棚子', 'shelter, canopy, bus shelter, cover from the rain'],
  ['english', '英语 英文 外语 外国人 外籍 外国住户 翻译 双语', 'english, foreign language, language, only in chinese, in chinese, foreign residents, foreigners, foreign, translation, translated, translate, bilingual, foreigner'],
  ['secondhand', '旧物 二手 跳蚤市场 旧物交换 闲置', 'second hand, secondhand, flea market, swap, exchange, used goods'],
  ['accessibility', '无障碍 坡道 轮椅 残疾人 无障碍通道 婴儿车 童车 推车 手推车', 'accessibility, accessible, ramp, wheelchair, disabled, disability, step free, pram, prams, stroller, strollers, buggy, buggies, pushchair, pushchairs'],
  ['handrail', '扶手 栏杆 把手 护栏', 'handrail, handrails, railing, railings, banister, grab rail, grab bar'],
  ['toilet', '厕所 公厕 =卫生间 洗手间 冲厕所 冲马桶 马桶', 'toilet, toilets, restroom, lavatory, washroom, bathroom, bathrooms, flush, flushes, flushing'],
  ['illegal-build', '违建 违章搭建 私搭乱建 违章建筑 搭建 违章 搭了 私搭 盖房子 盖了个 加盖', 'illegal construction, illegal building, unauthorised, unauthorized, illegal extension, illegal structure, illegal structures, unauthorised structure, shack, illegal, illegal balcony, balcony extension, illegally built'],
  ['group-rental', '群租 群租房 隔断房 住了十几个人 二房东 隔成 隔间 隔断 小隔间 打隔断 分租', 'subletting, subdivided, subdivided flats, overcrowded flats, group renting, group rental, sublet, sublets, partitioned, bunk rooms, bunk beds, split into rooms, partitions, cubicles, split up into rooms, divided into rooms, split into tiny rooms, tiny rooms'],
  ['rental', '出租 出租房 出租屋 房东 租房 二房东', 'rented, rental, renting, rented flats, rented flat, landlord, landlords, airbnb, short let, short stay, short let, short term let, short term rental, short term rentals, holiday let'],
  ['speeding', '车速 开太快 超速 飙车 减速带 开得快 车开得快 车速太快 限速 开车太快 开得飞快 开得太快 开那么快 车太快 开快车 骑得飞快 骑太快 骑得太快 骑那么快 骑得快 飞快 飞车 揸得好快 揸到好快 揸得快 揸车好快', 'speeding, speed, speed bump, speed limit, race, racing, speed bumps, drive fast, drives too fast, driving too fast, racing through, fast cars, go too fast, goes too fast, going too fast, drive too fast, race along, races along, racing along, zoom, zooming, whizz, whizzing'],
  ['fire-safety', '消防演练 消防演习 演练 灭火器 消防栓 烟感 烟雾报警 消防设施 消防器材 防火门 消防门 灭火器过期 烟雾报警器 喷淋', 'fire drill, fire drills, evacuation drill, extinguisher, fire extinguisher, hydrant, fire hydrant, smoke alarm, smoke detector, fire equipment, fire door, fire doors, sprinkler system, fire alarm, fire alarms'],
  ['air-conditioner', '空调 空调外机 外机 室外机 空调压缩机 压缩机 =冷气 =冷气机 =开冷气', 'air conditioner, air conditioning, aircon, ac unit, compressor, ac, outdoor unit, ac compressor, aircon unit'],
  ['clutter', '堆满 杂物 堆放 乱堆 堆 堆积 乱放 杂物堆 鞋柜 坛子 纸箱 旧家具 废品 囤 囤积 囤废品', 'hard to get past, cant get past, hard to get through, clutter, cluttered, junk, belongings, pile, piled, piled up, hoard, full of junk, full of stuff, full of clutter, storage room, boxes, wardrobe, cardboard, used as storage, storage, hoarding, hoards, hoarded, hoarder'],
  ['facade', '外墙 墙皮 瓷砖 墙面 墙体 外立面 纸皮石 马赛克 墙砖 外墙砖', 'wall, walls, tile, tiles, facade, exterior wall, outside wall, render, plaster, mosaic tiles'],
  ['cold', '=不够热 =不够暖 =不太热 =不怎么热 不热 冷 太冷 温度低 不暖和 冻 不达标 温度不够 温度不达标 不暖 冻裂 结冰 凉 凉的 冰凉 冰冷', 'cold, not warm, chilly, freezing, not warm enough, lukewarm, barely warm, degrees, not hot, tepid, freeze, below standard, froze, frozen, cold to the touch'],
  ['window', '窗户 窗 窗子 玻璃', 'window, windows, glass, pane, hanging out of windows, hanging out of the window, hang out of the window, hanging from windows'],
  ['draught', '漏风 透风 灌风 保温 保温层 外墙保温', 'drafty, draughty, draft, draught, draughts, drafts, insulation, insulated, poorly insulated'],
  ['too-many', '太多 过多 泛滥 成群 越来越多', 'too many, too much, lots of, swarm, overrun, more and more, growing number, keeps growing'],
  ['barbecue', '烧烤 烤串 撸串 油烟 油烟机 排烟 排风 =油烟倒灌', 'barbecue, bbq, grill, fumes, cooking fumes, bbq smoke, barbecue smoke, grill smoke, barbecues, exhaust, extractor, kitchen exhaust, cooking smell, cooking smells, kitchen fumes, bbq place, bbq restaurant, barbecue restaurant'],
  ['timing', '提前 推迟 延长 提早 早点 晚点 缩短 太早 太晚 时间太短 开放时间 开始时间 什么时候开始 早一点 晚一点 延后 投放时间 定时投放 定时定点 开放时间 定时扔 定时丢 只能定时 末班车 末班 头班车 首班车 收班', 'earlier, sooner, start earlier, start sooner, extend, extended, later, too early, too late, opening hours, start date, too short, start time, postpone, brought forward, bring forward, drop off hours, bin times, collection times, dropoff hours, dropoff times, dropoff time, dropoff window, dropoff windows, time slot, time slots, drop off hours, drop off time, drop off times, drop off window, drop off windows, last bus, first bus, last train, last service, open longer, stay open longer, longer hours, stay open later, open later, open earlier'],
  ['dispute', '调解 矛盾 纠纷 谈不拢 扯皮 协调不下来 协调不了 不同意 吵架 闹矛盾 不给装 不让装 不给安装 不让安装 不准装 不批 不批准', 'dispute, mediate, mediation, disagree, disagreement, cant agree, objection, objections, object to, objecting, row, quarrel, wont let us install, wont let me install, not allowed to install, refused permission, refuse permission'],
  ['error', '算错 弄错 搞错 有误 不对 错误 多算 多扣 算得不对', 'wrong, incorrect, error, errors, mistake, mistakes, miscalculated, wrongly'],
  ['denied', '进不了小区 进不去小区 进不来小区 不让进 不准进 不许进 不给进 禁止进入 拦在外面 拦在门口', 'not allowed in, arent allowed in, isnt allowed in, not let in, refused entry, banned from entering, kept out'],
  ['mailbox', '信箱 邮箱 信报箱 报箱 邮筒 邮局', 'mailbox, mailboxes, letterbox, letterboxes, post box, postbox, post office'],
  ['manure', '粪水 浇粪 浇粪水 粪肥 农家肥 鸡粪', 'manure, fertiliser, fertilizer, dung, night soil'],
  ['relocate', '挪 挪走 挪远 挪开 挪一下 挪个地方 搬远 搬走 换个位置 换个地方 离我家太近 太近 迁走 搬迁 迁到 挪到 撤走 撤掉', 'move it, move them, move the bins, moved away, relocate, relocated, further away, too close, so close, right under my window, moved further, moved away, been moved, was moved, moved to, taken away, removed'],
  ['closed', '关门 关闭 关了 不开放 没开放 没开过 从来没开 一直锁着 拆了 拆掉 被拆 停业 歇业 倒闭 不开门 上了锁 上锁 锁上了 锁死', 'closed, closed down, not open, never open, isnt open, arent open, locked up, demolished, shut for'],
  ['indoors', '带回家 拿回家 推回家 带上楼 搬上楼 推上楼 拿上楼 上楼充 回家充 家里充 推进家', 'into flats, into the flat, into their flat, up to the flat, up into flats, up to their flat, indoors, inside the flat, in the flat, at home'],
  ['flying-wire', '飞线 飞线充电 私拉电线 私拉乱接 拉电线 拉线充电 拉一根电线 插线板 拉线 吊电线 吊一根电线 接线板 拖线板', 'extension cable, extension cables, extension cord, extension cords, extension lead, cables hanging, wires hanging, trailing cables, power strip, power strips, cable, cables, cord, cords, dangling, dangling cable, hanging cable'],
  ['handwash', '洗手池 洗手台 洗手盆 洗手', 'sink, sinks, soap, wash hands, wash our hands, hand washing, handwashing, washbasin'],
  ['booking', '预约 预订 预定 借用 借场地 订场地 约不上 约不到 订不到 预约不上', 'booking, booked, book the, book a, to book, reserve, reservation, reserve the, cant book, impossible to book, book anything'],
  ['weeds', '杂草 杂草丛生 野草', 'weed, weeds, overgrown, unkempt'],
  // Machines, smells and the air: what hums, what burns, what drifts in
  ['pump-room', '水泵房 泵房 水泵 二次供水 加压泵 增压泵 水泵间', 'pump room, pump rooms, water pump, water pumps, booster pump, pump house'],
  ['transformer', '配电房 配电室 变电站 变电箱 变压器 配电箱 箱变 电箱 高压线 高压电线 电房', 'transformer, transformers, substation, electrical room, power room, switch room, switchroom, power lines, power line, high voltage, pylon, pylons, electricity box'],
  ['mast', '基站 信号塔 发射塔 通信基站 5g基站 信号基站', 'phone mast, mobile mast, cell tower, cell towers, antenna, antennas, base station, 5g mast, telecom mast'],
  ['radiation', '辐射 电磁辐射', 'radiation, electromagnetic'],
  ['dust', '扬尘 灰尘 粉尘 尘土 落灰 一层灰 沙尘 浮尘 灰很大 灰大 全是灰', 'dust, dusty, grit, dust cloud, covered in dust, layer of dust'],
  ['crane', '塔吊 吊车 吊臂 起重机 吊装 吊着东西', 'crane, cranes, tower crane, hoist, swinging loads, swings loads, swing loads'],
  ['burning-smell', '烧焦 焦味 糊味 烧塑料 塑料味 化学味 刺鼻 橡胶味 焦糊味', 'burning smell, burnt smell, burning rubber, burning plastic, burnt plastic, chemical smell, acrid, smell of burning'],
  ['chlorine', '消毒水味 漂白粉 漂白水 氯味 氯气味 消毒水', 'chlorine, bleach, bleachy, disinfectant taste, chemical taste, swimming pool smell'],
  ['paint-smell', '油漆味 甲醛 装修味', 'paint fumes, paint smell, formaldehyde'],
  ['gas-leak', '燃气泄漏 煤气泄漏 漏气 煤气味 燃气味 天然气味', 'gas leak, gas leaks, smell gas, smell of gas, gas smell, smells of gas'],
  ['air-quality', '雾霾 空气质量 空气差 空气污染 霾', 'smog, air quality, air pollution, haze, smoggy'],
  ['firecrackers', '鞭炮 放鞭炮 烟花 放烟花 爆竹 炮仗 放炮 礼炮', 'firecracker, firecrackers, fireworks, firework, banger, bangers'],
  ['funeral', '白事 丧事 灵堂 哀乐 办丧事 吊唁 出殡 灵棚 搭灵棚', 'funeral, funerals, mourning, funeral music, funeral tent'],
  ['joss', '烧纸 纸钱 烧纸钱 烧香 冥币 祭拜 烧元宝', 'joss paper, joss, burning paper, paper offerings, incense, ghost money, burning offerings'],
  ['mahjong', '麻将 打麻将 麻将馆 棋牌室 搓麻将 洗牌', 'mahjong, mah jong, mahjong parlour, card room, mahjong tiles'],
  ['piano', '钢琴 练琴 弹琴 乐器 拉琴 吹萨克斯 萨克斯', 'piano, piano practice, instrument, violin, saxophone, drum kit, drums'],
  // Paperwork and offices
  ['red-tape', '手续 办手续 审批 盖章 开证明 证明 跑三趟 跑几趟 跑了好几趟 跑断腿 繁琐 材料太多 业主签字 签字同意 流程 流程太复杂 申请流程 走流程', 'paperwork, red tape, bureaucracy, bureaucratic, form filling, stamp, stamps, certificate, certificates, proof, three trips, several trips, many trips, multiple trips, back and forth, owners to sign, need signatures, signatures, collect signatures, gather signatures, procedure, procedures'],
  ['community-office', '居委会 居委 街道办 社区办公室 社区工作站 社居委 社区居委会 办事大厅', 'neighbourhood office, neighborhood office, community office, residents committee, neighbourhood committee, neighborhood committee, street office, subdistrict office, sub district office, service hall'],
  ['working-hours', '工作日 上班时间 工作时间 办公时间 朝九晚五 周一到周五', 'weekdays, weekday, office hours, working hours, nine to five, during work, business hours, monday to friday, while we are at work, when we are at work'],
  ['hukou', '户口 居住证 落户 户籍 暂住证', 'hukou, household registration, residence permit, residency permit'],
  ['police', '派出所 警察 民警 片警 公安', 'police, police station, policeman, police officer, cops'],
  ['school-places', '学区 划片 学位 入学 学区房 就近入学 对口学校 对口 招生', 'catchment, catchment area, school district, school places, school place, enrolment, enrollment, admission, admissions, zoned school'],
  // Health and first aid
  ['first-aid', '除颤仪 除颤器 AED 急救箱 急救包 急救培训 心肺复苏', 'defibrillator, defibrillators, aed, first aid, first aid kit, first aid training, cpr, cardiac arrest, heart attack'],
  ['health-kiosk', '血压计 血糖仪 量血压 测血压 健康小屋 体重秤', 'blood pressure, blood pressure monitor, blood pressure machine, health kiosk, health station, blood sugar'],
  ['vaccine', '疫苗 打疫苗 接种 预防针 流感疫苗', 'vaccine, vaccines, vaccination, vaccinations, jab, jabs, flu jab, flu shot'],
  ['scam', '诈骗 骗子 骗局 保健品 被骗 骗老人 电信诈骗 推销保健品 骗钱 骗了 骗走', 'scam, scams, scammer, scammers, fraud, fraudster, con artist, swindle, swindled, conned, health supplements, lure, luring, lured, overpriced supplements, supplements, health seminar, health talk sales'],
  ['lost-elderly', '走失 老年痴呆 痴呆 认知症 迷路', 'dementia, wander off, wandered off, wanders off, got lost, gets lost, alzheimers, lost their way'],
  ['allergy', '过敏 鼻炎 花粉 哮喘', 'allergy, allergies, allergic, hay fever, pollen, asthma'],
  // Seasons, weather and living things
  ['poplar', '杨絮 柳絮 飞絮 杨树 柳树 杨柳絮', 'poplar, poplars, poplar fluff, catkins, willow fluff, cottonwood, fluff, poplar seeds'],
  ['wasps', '马蜂 黄蜂 马蜂窝 蜂窝 蜂巢 胡蜂 蜜蜂 蜂', 'wasp, wasps, hornet, hornets, wasps nest, wasp nest, hornets nest, bees, bee, beehive'],
  ['snake', '蛇 毒蛇', 'snake, snakes'],
  ['caterpillar', '毛毛虫 洋辣子 刺毛虫 松毛虫', 'caterpillar, caterpillars'],
  ['wind', '台风 大风 刮风 狂风 吹倒 吹下来 吹落 刮倒 刮下来 台风天', 'typhoon, typhoons, gale, gales, strong wind, strong winds, high winds, windy, blown off, blown down, blew down, blown over'],
  ['flowerpot', '花盆 花架 盆栽 盆景', 'flower pot, flowerpot, flower pots, flowerpots, plant pot, plant pots'],
  ['balcony', '阳台 露台', 'balcony, balconies'],
  ['pond', '景观池 水池 池塘 喷泉 人工湖 水景 鱼池', 'pond, ponds, ornamental pond, fountain, water feature'],
  ['blind', '盲人 视障 视障人士 盲人朋友', 'blind people, blind residents, blind person, visually impaired, partially sighted'],
  ['blind-path', '盲道', 'tactile paving, tactile path, blind path, tactile strip, tactile paths'],
  ['pool', '游泳池 泳池', 'swimming pool, pool, pools'],
  ['graffiti', '涂鸦 乱涂乱画 乱画 乱涂', 'graffiti, scribbles, scribbled, vandalism, vandalised, vandalized'],
  ['gambling', '赌博 赌钱 聚赌', 'gambling, gamble, gamblers'],
  ['loitering', '闲逛 游荡 聚众', 'loitering, loiter, gangs'],
  // Bills, meters and money
  ['meter', '电表 水表 燃气表 抄表 估算 估的 查表 估抄', 'meter, meters, meter reading, meter readings, estimated bill, estimated bills, estimated, read the meter'],
  ['face-scan', '人脸识别 刷脸 人脸 面部识别', 'facial recognition, face recognition, face id, face scan, face scans, face scanning, face scanned, face gate, face gates, face data, facial data'],
  ['festival', '春节 过年 =灯笼 =挂灯笼 =红灯笼 春联 节日 节日气氛 节日装饰 中秋 元宵 圣诞', 'spring festival, chinese new year, lunar new year, lanterns, red lanterns, festive, festival, christmas, christmas decorations, mid autumn, new year decorations, festive decorations, holiday decorations'],
  ['solar', '太阳能 光伏 太阳能板 光伏板', 'solar, solar panel, solar panels, photovoltaic'],
  ['local-services', '理发 理发店 =修鞋 =配钥匙 裁缝 便民服务 磨刀 修伞 =修家电', 'barber, barbers, hairdresser, haircut, haircuts, tailor, key cutting, shoe repair, cobbler, alterations, knife sharpening'],
  ['neighbourly', '邻里 邻里活动 邻里关系 邻里节 邻居之间 互相认识 都不认识 谁都不认识 百家宴 邻里聚餐', 'neighbourly, get to know, know each other, know our neighbours, meet the neighbours, meet our neighbours, meet neighbours, community spirit, neighbours meet, movie night, movie nights, board games, game night, potluck, block party'],
  ['cash', '现金 现金窗口 人工窗口 人工柜台', 'cash, pay in cash, in person, cash desk, counter'],
  ['vote', '投票 表决 业主大会 开业主大会 业主表决', 'vote, voting, ballot, owners meeting, general meeting, agm, put to a vote'],
  ['vacant', '空置 空房 没人住 无人居住 空着', 'vacant, empty flat, empty flats, sits empty, unoccupied, empty home, empty homes, vacant homes, nobody living'],
  ['deposit', '押金 保证金 装修押金', 'deposit, deposits, refundable deposit'],
  ['replace-management', '换物业 换一家物业 更换物业 炒掉物业 换掉物业 炒物业 解聘物业 换掉这家物业 换个物业', 'replace the management company, replace the management, replace the property management, change the management company, change management company, new management company, sack the management, fire the management company, get rid of the management company, switch management company, switch the management company, a new property manager, replace the property manager'],
  ['monopoly', '只有一家能 只能装一家 只能选一家 垄断 独家 没得选 没有选择 一家独大 只能用一家 其他运营商 别的运营商', 'only one isp, only one provider, monopoly, no choice, one provider, only one company, exclusive deal, only option, only provider, another provider, other providers, no other provider, only one choice'],
  ['lending', '借个 借几 借一下 出借 互借 共享工具 工具角 工具间 借工具', 'borrow, borrowing, lend, lending, library of things, tool library, tool sharing, tool shed'],
  // Living in the flat: hot water, air, windows, walls, and what else residents raise
  ['hot-water', '热水 没热水 热水管', 'hot water, no hot water, water heater, water heaters, boiler'],
  ['ventilation', '通风 不通风 闷 憋闷 空气不流通 新风', 'ventilation, ventilated, stuffy, airless, no air, fresh air'],
  ['soundproofing', '隔音 隔音差 不隔音 隔音效果', 'soundproof, soundproofing, sound insulation, thin walls, paper thin walls'],
  ['window-guard', '防盗窗 防护栏 防护网 窗户护栏 隐形防护网 儿童锁', 'window bars, window grilles, window grille, window guard, window guards, child lock, window locks, safety net'],
  ['epidemic', '疫情 核酸 隔离 封控 防疫 新冠', 'pandemic, epidemic, quarantine, lockdown, covid, isolation, outbreak'],
  ['violence', '家暴 打架 斗殴 打人 吵架打架', 'fight, fights, fighting, violence, violent, domestic violence, assault, assaulted'],
  ['homeless', '流浪汉 乞讨 要饭 乞丐 露宿', 'homeless, rough sleeper, rough sleepers, beggar, beggars, begging, sleeping rough'],
  ['nursing-room', '母婴室 哺乳室 换尿布', 'baby changing, changing table, nursing room, breastfeeding room, mothers room'],
  ['dog-park', '遛狗区 狗狗乐园 宠物乐园 宠物公园', 'dog park, dog area, off leash area'],
  ['compost', '堆肥 沤肥 厨余堆肥', 'compost, composting, compost bin, wormery'],
  ['clothes-bank', '旧衣回收 旧衣服回收 旧衣箱 衣物回收 捐衣', 'clothes bank, clothing bank, clothes donation, clothing donation, old clothes, donation bin'],
  ['insects-noise', '知了叫 蝉鸣 蛐蛐 青蛙叫 蛙叫 蛙声', 'cicada, cicadas, crickets, frogs croaking, croaking'],
  ['car-alarm', '车报警 汽车报警 报警器响 防盗器 警报声 车子报警', 'car alarm, car alarms, alarm going off, alarms going off'],
  ['poultry', '养鸡 公鸡 鸡叫 母鸡 鸡鸭 养鸭 鸡笼 打鸣', 'chicken, chickens, rooster, roosters, hens, ducks, poultry, cockerel, crowing'],
  ['wayfinding', '楼号 门牌 门牌号 指示牌 路牌 楼栋号 导视牌 平面图 导览图 地图 小区地图', 'building number, building numbers, house number, house numbers, signpost, signposts, wayfinding, block number, block numbers, estate map, map of the estate, site map, a map, map'],
  ['group-buy', '团购 社区团购 团长 接龙 拼团', 'group buying, group buy, group buys, group purchase, group order, group orders'],
  ['bank', '银行 取款机 自动取款机 ATM 网点', 'bank, banks, atm, cash machine, cashpoint, bank branch'],
  ['care-home', '养老院 敬老院 护理院 养老机构', 'nursing home, nursing homes, care home, care homes, old peoples home, retirement home'],
  ['deaf', '聋 耳背 听障 听不见', 'deaf, hearing impaired, hard of hearing, hearing aid'],
];

/**
 * Chinese words that hold a listed word but do not mean it (电话 is not electricity, 满意 not full,
 * 影响 not noise, 建议 not building something, 至少 not a lack): read as words of no concept, so the
 * listed word inside them is not matched.
 */
export const PLAIN_WORDS: readonly string[] = (
  '电话 电视 电脑 电影 电子 满意 不满 满足 充满 影响 响应 建议 建筑 至少 多少 少数 不少 减少 浪费 倒霉 偷偷 热闹 闹钟 ' +
  '部门 专门 热门 出门 漂亮 亮点 天亮 单元 没有人 火车 火锅 发火 路过 一路 路线 水平 薪水 口水 拖鞋 拖把 拖地 ' +
  '冷漠 冷清 加油 油漆 菜单 叫做 叫人 覆盖 盖章 盖楼 声明 漏洞 遗漏 火爆 坑人 黑车 黑心 书记 书面 冰箱 烟花 丢人 永远 远远 ' +
  '缺点 时候 问题 有没有 油门 跑跳 蹦蹦跳跳 差点 差一点 天花板 花盆 装卸 早就 黄线 满手 汤汤水水 新装的 满天飞 鸡蛋 叫他们 叫他 叫她 热水器 热水炉 燃气热水器 对门 对面 心脏 唔出声 不出声 不吭声 不作声 走什么流程'
).split(' ');

/**
 * English phrases that hold a listed word but do not mean it: "a few times a year" is no shortage
 * (few is). Read as phrases of no concept, so the listed word inside them is not matched.
 */
export const PLAIN_PHRASES: readonly string[] = ['a few', 'quite a few', 'every few', 'the smoke', 'smoke would', 'smoke will', 'smoke could', 'of smoke', 'to lift', 'is stuck because', 'stuck because', 'last week', 'last month', 'next week', 'next month', 'full fee', 'full amount', 'full price', 'full rate', 'in full', 'waste of', 'collect data', 'collects data', 'collecting data', 'data collection', 'collect our data', 'collect our faces', 'our door', 'my door', 'their door', 'his door', 'her door', 'under the door', 'answer the door', 'answers the door', 'the doors of', 'once a week', 'twice a week', 'three times a week', 'once a month', 'twice a month', 'just lifts', 'barrier lifts', 'lifts for anyone', 'please keep', 'keep a way', 'keep the option', 'keep an option', 'keep a card', 'a communal spot', 'a spot to', 'a spot for', 'a spot where', 'its smoke', 'their smoke', 'speeds are', 'internet speed', 'internet speeds', 'broadband speed', 'broadband speeds', 'download speed', 'download speeds', 'lean out of the window', 'leans out of the window', 'leaning out of the window', 'climb out of the window'];

/** A concept id of the table (lift, parking, broken …). */
export type ConceptId = string;

/**
 * Concepts that qualify a worry rather than name it (often, at night, on weekends, residents …): two
 * notes that share only these are not the same worry, so they weigh less and do not count as shared.
 * A fire is here too: residents name it as what a worry could lead to (消防隐患, "if there's a fire",
 * "this is how fires start") beside clutter, group renting, e-bikes or a blocked lane alike, and
 * so is an allergy (poplar fluff, pollen, dust: what a worry does to people, not what it is).
 */
export const MODIFIER_CONCEPTS: ReadonlySet<ConceptId> = new Set([
  'fire', 'allergy', 'indoors', 'flying-wire', 'often', 'night', 'upper-floors', 'flat-above', 'fee', 'climb', 'phone', 'inconvenient', 'everywhere', 'morning', 'weekend', 'owners', 'safety', 'quiet-hours', 'overtime', 'unfair', 'consult',
]);

/**
 * What is wrong, in families: a concept listed here says what the trouble is (broken, too few, too
 * dear …), and concepts of one family say the same trouble (too few lockers, lockers always full).
 * Two notes that each name a trouble, and no trouble in common, are different worries about the same
 * thing (more chargers vs chargers too dear; handrails needed vs a handrail loose): the matcher
 * discounts them.
 */
export const FAULT_FAMILIES: ReadonlyMap<ConceptId, string> = new Map(
  Object.entries({
    'want-more': 'install shortage full too-small',
    misuse: 'unsorted',
    timing: 'timing',
    dispute: 'dispute',
    neglect: 'service',
    broken: 'broken repair cracked old-worn dark cold',
    fee: 'expensive',
    taste: 'taste',
    noise: 'noise barking sleep',
    blocked: 'blocked clutter debris',
    dirty: 'dirty smell dog-mess dust burning-smell',
    fell: 'fell',
    prune: 'prune',
    theft: 'theft',
    leak: 'leak',
    flood: 'flood',
    outsiders: 'outsiders',
    error: 'error',
    denied: 'denied',
    trapped: 'trapped',
    leash: 'leash',
    'water-pressure': 'water-pressure',
    discoloured: 'discoloured',
    speeding: 'speeding',
    danger: 'danger',
    'falling-objects': 'falling-objects',
    thrown: 'thrown',
    hot: 'hot',
    privacy: 'privacy',
    far: 'far',
    slow: 'slow',
    sunlight: 'sunlight',
    poor: 'poor',
    excess: 'too-many',
    opacity: 'transparency',
    relocate: 'relocate',
    glare: 'glare',
    closed: 'closed',
    choice: 'monopoly',
    lending: 'lending',
    paperwork: 'red-tape',
  }).flatMap(([family, concepts]) => concepts.split(' ').map((c): [ConceptId, string] => [c, family])),
);

/**
 * Things so general (equipment, facilities, a public space) that two notes naming them may still be
 * about different things: gym equipment broken is not play equipment broken. Sharing one does not
 * keep two notes' other things from conflicting.
 */
export const GENERIC_THINGS: ReadonlySet<ConceptId> = new Set(['equipment', 'public-space', 'venue', 'works']);

/**
 * Concepts that name one thing between them: parked cars in a car park are cars, parking and a
 * garage to the table, but one thing to a resident. Two notes sharing several concepts of a group
 * count them as one shared thing.
 */
export const ONE_THING: readonly (readonly ConceptId[])[] = [
  ['car', 'parking', 'garage'],
  ['ebike', 'battery'],
  ['garage', 'basement'],
  ['access-control', 'face-scan'],
];

/**
 * Concepts that name a thing and its trouble at once (low water pressure, mosquitoes, dog mess):
 * sharing one of them counts as sharing the two concepts a duplicate needs.
 */
export const SELF_CONTAINED: ReadonlySet<ConceptId> = new Set(
  (
    'water-pressure mosquito dog-mess trapped leak falling-objects thrown debris illegal-build smoking barking pests speeding mould ' +
    'flood discoloured road-surface daycare outsiders barbecue dancing party construction group-rental sunlight transparency ' +
    'crane vacant school-places dust burning-smell chlorine paint-smell gas-leak air-quality firecrackers funeral joss poplar wasps snake caterpillar scam graffiti gambling monopoly lost-elderly ' +
    'violence homeless insects-noise car-alarm poultry replace-management'
  ).split(' '),
);

/**
 * Concepts that name where a worry is (a stairwell, a road, the gate, an underground garage) rather
 * than the object it is about. Two notes about the same object in different places (stairwell
 * lights / street lights) are different worries, and so are two different objects in the same
 * place (mailboxes in the lobby / the lobby door's access control).
 */
export const LOCATIONS: ReadonlySet<ConceptId> = new Set(['stairwell', 'path', 'pavement', 'garage', 'basement', 'roof', 'gate']);

/**
 * Concepts that name whom a worry is addressed to (property management) rather than what it is
 * about: in a note that names another thing (the lift, a leak), they are the addressee, and weigh
 * as a modifier; in a note about the management itself they are its topic.
 */
export const ADDRESSEES: ReadonlySet<ConceptId> = new Set(['property']);

/**
 * Kinds of trouble that set a worry apart even when the other note names no such trouble: asking for
 * heating to start earlier is not the heating being cold, neighbours disputing a lift retrofit is not
 * asking for one, borrowing a drill from a shared tool corner is not drilling next door.
 */
export const DECISIVE_FAMILIES: ReadonlySet<string> = new Set(['timing', 'dispute', 'denied', 'trapped', 'lending', 'paperwork']);

/**
 * A thing used where it does not belong is a trouble of its own (misuse), even when no word says so:
 * a car at a door or in a fire lane blocks it; an e-bike charged in a stairwell or a lift is a fire
 * danger. [things, places, the family of trouble they make together]. A blocked drain is read the
 * same way: it floods, whether or not the note says so.
 */
export const MISPLACED: readonly (readonly [readonly ConceptId[], readonly ConceptId[], string])[] = [
  [['car', 'parking'], ['fire-lane', 'gate', 'pavement', 'stairwell', 'accessibility'], 'blocked'],
  [['ebike', 'charging', 'battery'], ['stairwell', 'lift', 'window', 'indoors', 'flying-wire'], 'indoor-charging'],
  [['pipe'], ['blocked'], 'flood'],
];


/**
 * Facets whose kinds exclude each other: where a trouble comes from (a building site or a flat's
 * renovation, square dancing or a party, a dog or pigeons), which vehicle it is about (an e-bike or a
 * car). Two notes that each name a kind of one facet, and no kind in common, are different worries
 * even when they share the trouble and other things (music is loud at a party and at square
 * dancing; chargers are wanted for e-bikes and for cars). A concept written with a leading `?` counts
 * for its kind only when the note names no other kind of the facet: a parking space is a car's,
 * unless the note names an e-bike parked there.
 */
export const FACETS: readonly (readonly (readonly string[])[])[] = [
  // What makes the noise, the fumes or the drips.
  [['renovation'], ['construction'], ['dancing'], ['party'], ['footsteps'], ['market'], ['shops', 'barbecue'], ['traffic'], ['air-conditioner'], ['adverts'], ['?lift'], ['barking', '?dog'],
    ['pump-room'], ['transformer'], ['firecrackers'], ['funeral'], ['mahjong'], ['piano'], ['burning-smell'], ['paint-smell'], ['insects-noise'], ['car-alarm'], ['poultry']],
  // What leaks, drips or fails in the building.
  [['roof'], ['pipe'], ['air-conditioner'], ['heating'], ['window'], ['laundry'], ['?leak-above']],
  // What the water is: rain flooding the gate is not sewage backing up through the drains.
  [['rain'], ['sewage']],
  // Which animal: mess with no animal named is a dog's.
  [['dog', 'barking', '?dog-mess'], ['stray'], ['birds'], ['pests'], ['mosquito'], ['wasps'], ['snake'], ['caterpillar'], ['poultry']],
  // What a building site next door does: dust, or loads swung over the estate.
  [['dust'], ['crane']],
  // Who gets in: cars from outside (a parking worry) or people on foot (a security worry).
  [['car', 'ev', '?parking'], ['strangers']],
  // Who comes in on foot: strangers let in by a broken lock or lax guards, or the short-stay tenants of
  // rented flats (strangers with suitcases are the rentals' worry, not the gate's).
  [['?strangers'], ['rental', 'group-rental']],
  // Which vehicle.
  [['ebike', 'battery'], ['bicycle'], ['car', 'ev', '?parking']],
  // Inside a block or out in the open: smoking in the lift or stairwell (smoke trapped indoors) is not
  // smoking by the sandpit (children breathing it). The car park is left out of both: children
  // playing there for want of a playground are one worry with the playground.
  [['lift', 'stairwell', 'indoors'], ['playground', 'greenery']],
  // What an activity is for: learning first aid, warning of scams, or meeting the neighbours (a CPR course is not a
  // movie night, though residents call both an activity).
  [['first-aid'], ['scam'], ['neighbourly', '?activities']],
  // Learning first aid (a course) or the kit itself (a defibrillator at the gate).
  [['activities'], ['?first-aid']],
  // What an entry system lets in: a barrier for cars, or a door or gate for people (a barrier that lifts
  // for any car is not a face scanner that does not know residents).
  [['car', 'ev', '?parking'], ['?access-control']],
];

/**
 * A trouble a thing says by itself where a note names no other: a face scanner at the gate, with
 * nothing said to be wrong with it, is a worry about who keeps residents' faces (privacy); with a
 * trouble named (it does not know them), it is that trouble. [concept, the family it implies].
 */
export const IMPLIED_TROUBLES: readonly (readonly [ConceptId, string])[] = [['face-scan', 'privacy']];

/**
 * Concepts named together that make a kind of their own for FACETS: a leak in a note that names the
 * flat above is a leak from upstairs, a kind apart from the roof letting rain in. [concepts of
 * which one is named, concepts of which one is named with it, the kind they make].
 */
export const COMBINED_KINDS: readonly (readonly [readonly ConceptId[], readonly ConceptId[], string])[] = [
  [['flat-above'], ['leak'], 'leak-above'],
];

/**
 * Concepts that name whom a worry concerns (the elderly, children) rather than what it is about: two
 * notes for the same people about different things (a day centre for the elderly / visits to the
 * elderly living alone; an English corner for children / a playground for them) are different
 * worries, so these do not count as things in common when the notes' things are compared. The
 * ambulance and its crew are here too: residents name them as who would be hindered (a lift too
 * small for a stretcher, a blocked fire lane, a building number nobody can read).
 */
export const PEOPLE: ReadonlySet<ConceptId> = new Set(['elderly', 'alone', 'children', 'ambulance', 'blind', 'deaf']);
