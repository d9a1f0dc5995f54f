/** Similar-concern suggestions: the grouping rules, then precision and recall on the hand-labelled tuning fixture. */
import { describe, expect, it } from 'vitest';
import fixture from './similar-concerns.fixture.json';
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar, type SimilarGroup } from './similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from './similar-concerns-metrics.ts';

const labelled = fixture.notes as LabelledNote[];

/** Sets of ids, so a test can say which notes went together without depending on group order. */
const idSets = (groups: SimilarGroup[]) => groups.map((g) => [...g.noteIds].sort().join(','));

describe('suggestSimilar: grouping rules', () => {
  it('Chinese duplicates are grouped (no spaces needed; 三号楼 and 3号楼 are the same building)', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '3号楼电梯经常坏，老人上下楼很不方便' },
      { id: 'b', text: '三号楼的电梯又坏了，老人上下楼太难' },
      { id: 'c', text: '广场舞音乐太吵，晚上九点还在跳' },
      { id: 'd', text: '快递柜太少，经常满了放不进去' },
      { id: 'e', text: '楼道里有人给电动车充电，很危险' },
    ]);
    expect(idSets(groups)).toEqual(['a,b']);
    expect(suggestSimilar([{ id: 'x', text: '三号楼' }, { id: 'y', text: '3号楼' }])).toEqual([{ noteIds: ['x', 'y'], score: 1 }]);
  });

  it('English duplicates with different word forms are grouped (breaks/breaking, lift/lifts)', () => {
    const groups = suggestSimilar([
      { id: 'a', text: 'The lift breaks down every week.' },
      { id: 'b', text: 'Lifts keep breaking down, every single week!' },
      { id: 'c', text: 'Square dancing music is too loud in the evening.' },
      { id: 'd', text: 'Parcel lockers are always full.' },
      { id: 'e', text: 'People charge e-bikes in the corridor.' },
    ]);
    expect(idSets(groups)).toEqual(['a,b']);
  });

  it('mixed-language duplicates are grouped (Chinese with English words)', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '3号楼的 lift 又坏了，太不方便' },
      { id: 'b', text: '3号楼lift坏了好几天了' },
      { id: 'c', text: '广场舞 too loud，九点以后还在跳' },
      { id: 'd', text: 'Parcel lockers 总是满的' },
    ]);
    expect(idSets(groups)).toEqual(['a,b']);
  });

  it('a Chinese note and its English counterpart are grouped (电梯坏了 / the lift is broken; 消防通道被占 / cars block the fire lane)', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '三号楼电梯又停了' },
      { id: 'b', text: 'The lift in block 3 is out of order again.' },
      { id: 'c', text: '消防通道被占' },
      { id: 'd', text: 'Cars block the fire lane.' },
      { id: 'e', text: '广场舞音乐太吵' },
      { id: 'f', text: 'Parcel lockers are always full.' },
    ]);
    expect(idSets(groups).sort()).toEqual(['a,b', 'c,d']);
  });

  it('synonyms in one language are grouped (升降梯 / 电梯, 电瓶车 / 电动车, rubbish / garbage)', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '升降梯故障频繁' },
      { id: 'b', text: '电梯老是坏' },
      { id: 'c', text: '楼道里给电瓶车充电' },
      { id: 'd', text: '电动车在走廊充电' },
      { id: 'e', text: 'The rubbish bins overflow.' },
      { id: 'f', text: 'Garbage cans are overflowing.' },
    ]);
    expect(idSets(groups).sort()).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('one shared concept is a topic, not a duplicate: lift adverts, lift smoking and a broken lift stay apart', () => {
    const notes = [
      { id: 'a', text: '电梯坏了' },
      { id: 'b', text: 'Lift adverts are too loud.' },
      { id: 'c', text: '有人在电梯里抽烟' },
    ];
    expect(suggestSimilar(notes)).toEqual([]);
    // A modifier (always, at night) is not a second shared concept: full lockers are not full bins.
    expect(suggestSimilar([{ id: 'a', text: 'Parcel lockers are always full.' }, { id: 'b', text: 'The bins are always full.' }])).toEqual([]);
    expect(suggestSimilar([{ id: 'a', text: '快递柜总是满的' }, { id: 'b', text: '垃圾桶总是满的' }])).toEqual([]);
  });

  it('same thing, different trouble is not a duplicate: more chargers / chargers too dear / charging in the stairwell; handrails needed / a handrail loose', () => {
    const notes = [
      { id: 'a', text: 'We need more e-bike charging points.' },
      { id: 'b', text: '希望多装几个电动车充电桩' },
      { id: 'c', text: '充电桩收费太贵' },
      { id: 'd', text: 'Charging e-bikes in the stairwell is dangerous.' },
      { id: 'e', text: '楼道里没有扶手，老人上下楼很危险' },
      { id: 'f', text: 'Please install handrails in the stairwells.' },
      { id: 'g', text: '3单元楼梯扶手松动了' },
    ];
    expect(idSets(suggestSimilar(notes)).sort()).toEqual(['a,b', 'e,f']);
    // Short notes that name the same thing in the same words are still apart when their troubles differ.
    expect(suggestSimilar([{ id: 'a', text: '健身器材坏了' }, { id: 'b', text: '没有健身器材' }])).toEqual([]);
  });

  it('same topic, different worry: things thrown / tiles falling, renovation drilling / renovation rubbish, face-scan privacy / a broken door entry', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '高空抛物太危险了，要查一查是谁扔的' },
      { id: 'b', text: 'Someone keeps throwing things out of the window from upper floors.' },
      { id: 'c', text: '外墙瓷砖松了，掉下来会砸到人' },
      { id: 'd', text: 'Tiles are falling off the outside wall.' },
      { id: 'e', text: '楼上装修天天电钻，吵得不行' },
      { id: 'f', text: 'Renovation drilling noise every weekend.' },
      { id: 'g', text: '装修垃圾堆在楼下好久没人清理' },
      { id: 'h', text: '人脸识别门禁收集个人信息，担心隐私' },
      { id: 'i', text: 'The door entry system is broken again.' },
    ]);
    expect(idSets(groups).sort()).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('equipment is too general to make two things one (gym equipment / play equipment), and heating that does not work is a cold flat', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '健身器材坏了，没人修' },
      { id: 'b', text: '儿童游乐设施坏了，没人修' },
      { id: 'c', text: 'The heating is not working in our building.' },
      { id: 'd', text: '暖气不热，家里太冷' },
    ]);
    expect(idSets(groups)).toEqual(['c,d']);
  });

  it('a thing named as the place of a worry is not its topic: children playing in the car park / not enough parking; parked cars are one thing', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '孩子们没地方玩，只能在停车场里踢球' },
      { id: 'b', text: 'Kids have nowhere to play and run around between parked cars.' },
      { id: 'c', text: '车位太少，下班回来找不到地方停' },
      { id: 'd', text: 'Not enough parking spaces in the evening.' },
      { id: 'e', text: '外来车辆随便开进小区停' },
      { id: 'f', text: 'Cars parked in the fire lane every night.' },
    ]);
    expect(idSets(groups).sort()).toEqual(['a,b', 'c,d']);
  });

  it('a want and a lack are the same kind of trouble: 希望安装监控摄像头 / "not enough CCTV cameras"', () => {
    const groups = suggestSimilar([
      { id: 'a', text: '希望安装监控摄像头' },
      { id: 'b', text: 'Not enough CCTV cameras.' },
      { id: 'c', text: '快递柜满了' },
      { id: 'd', text: '广场舞太吵' },
    ]);
    expect(idSets(groups)).toEqual(['a,b']);
  });

  it('typos and variant words still meet: parkng / 停车位不足, 电梯又环了 / 电梯又坏了', () => {
    const groups = suggestSimilar([
      { id: 'a', text: 'parkng shortage!!' },
      { id: 'b', text: '停车位严重不足' },
      { id: 'c', text: '3号楼电梯又环了' },
      { id: 'd', text: '三号楼电梯又坏了' },
      { id: 'e', text: '垃圾桶总是满的' },
    ]);
    expect(idSets(groups).sort()).toEqual(['a,b', 'c,d']);
  });

  it('unrelated notes are not grouped, even at a low threshold', () => {
    const notes = [
      { id: 'a', text: '电梯经常坏' },
      { id: 'b', text: '停车位不够' },
      { id: 'c', text: 'Square dancing is too loud' },
      { id: 'd', text: 'The parcel lockers are always full' },
      { id: 'e', text: '垃圾分类没人指导' },
      { id: 'f', text: 'Dog owners never pick up after their dogs' },
    ];
    expect(suggestSimilar(notes)).toEqual([]);
    expect(suggestSimilar(notes, { threshold: 0.05 })).toEqual([]);
  });

  it('punctuation, spacing, case and full-width characters do not matter: a separator is a separator, whichever it is', () => {
    const parking = { id: 'e', text: 'Parking, parking, parking...' };
    const english = [{ id: 'a', text: 'ＬＩＦＴ　ＢＲＯＫＥＮ　ＡＧＡＩＮ！！！' }, { id: 'b', text: '"Lift" -- broken, again.' }];
    const chinese = [{ id: 'c', text: '３号楼电梯，坏了！！！' }, { id: 'd', text: '3号楼电梯 坏了...' }];
    expect(suggestSimilar([...english, parking])).toEqual([{ noteIds: ['a', 'b'], score: 1 }]);
    expect(suggestSimilar([...chinese, parking])).toEqual([{ noteIds: ['c', 'd'], score: 1 }]);
    // Together they are one worry in two languages, and the translations pair up below the exact copies.
    const all = suggestSimilar([...english, ...chinese, parking]);
    expect(idSets(all)).toEqual(['a,b,c,d']);
    expect(all[0]!.score).toBeLessThan(1);
  });

  it('empty or one-note input gives []', () => {
    expect(suggestSimilar([])).toEqual([]);
    expect(suggestSimilar([{ id: 'a', text: '电梯经常坏' }])).toEqual([]);
    // The same note twice is still one note.
    expect(suggestSimilar([{ id: 'a', text: '电梯经常坏' }, { id: 'a', text: '电梯经常坏' }])).toEqual([]);
    // Notes with nothing to compare are never grouped.
    expect(suggestSimilar([{ id: 'a', text: '！！！' }, { id: 'b', text: '   ' }])).toEqual([]);
  });

  it('output is deterministic and ranked: same input, same groups; scores never rise; no note in two groups', () => {
    const first = suggestSimilar(labelled);
    expect(suggestSimilar(labelled)).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
    const scores = first.map((g) => g.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    const ids = first.flatMap((g) => g.noteIds);
    expect(new Set(ids).size).toBe(ids.length);
    const position = new Map(labelled.map((n, i) => [n.id, i]));
    for (const g of first) {
      expect(g.noteIds.length).toBeGreaterThanOrEqual(2);
      expect(g.score).toBeGreaterThanOrEqual(DEFAULT_SIMILARITY_THRESHOLD);
      const order = g.noteIds.map((id) => position.get(id)!);
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
  });

  it('maxGroups keeps the most confident groups', () => {
    const all = suggestSimilar(labelled);
    expect(suggestSimilar(labelled, { maxGroups: 3 })).toEqual(all.slice(0, 3));
    expect(suggestSimilar(labelled, { maxGroups: 0 })).toEqual([]);
  });

  it('raising the threshold only splits groups, never joins new ones', () => {
    const loose = idSets(suggestSimilar(labelled, { threshold: 0.2 })).map((s) => s.split(','));
    const strict = suggestSimilar(labelled, { threshold: 0.4 });
    for (const g of strict) expect(loose.some((l) => g.noteIds.every((id) => l.includes(id)))).toBe(true);
  });

  // Speed is `npm run bench:similar`'s to measure (a timed assertion fails on a loaded machine);
  // this prints the figure and checks a board of 300 gets the same groups every time.
  it('300 notes of ~50 characters are grouped the same way every time', () => {
    // Deterministic synthetic board: pairs of fixture notes glued and cut to 50 characters.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const notes = Array.from({ length: 300 }, (_, i) => {
      const a = labelled[Math.floor(next() * labelled.length)]!.text;
      const b = labelled[Math.floor(next() * labelled.length)]!.text;
      return { id: `s${i}`, text: `${a} ${b}`.slice(0, 50) };
    });
    const runs: number[] = [];
    const outputs: string[] = [];
    for (let r = 0; r < 20; r++) {
      const t0 = performance.now();
      outputs.push(JSON.stringify(suggestSimilar(notes)));
      runs.push(performance.now() - t0);
    }
    const median = [...runs].sort((x, y) => x - y)[10]!;
    console.log(`suggestSimilar, 300 notes: first (cold) run ${runs[0]!.toFixed(1)} ms, median of 20 ${median.toFixed(1)} ms`);
    expect(JSON.parse(outputs[0]!).length).toBeGreaterThan(0);
    expect(new Set(outputs).size).toBe(1);
  });

  // Facets of a worry (issue 19, set 3's hard negatives), in wording of our own, not the set's.
  const groupsOf = (texts: string[]) => idSets(suggestSimilar(texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text })))).sort();

  it('where a worry is counts apart from what it is about: stairwell lights / street lights', () => {
    expect(groupsOf(['楼道灯坏了，晚上很黑', 'The corridor lights are broken.', '小区路灯不亮', 'Street lights on the main road are out.'])).toEqual(['a,b', 'c,d']);
  });

  it('a thing where it does not belong is a trouble by itself: a car at the door / no ramp at the door; e-bikes charged at home / more chargers', () => {
    expect(
      groupsOf([
        '有车停在楼门口，挡住了出入',
        'Cars parked at the building entrance block the way.',
        '楼门口没有无障碍坡道',
        'No ramp at our building entrance.',
        '有人把电动车推进电梯回家充电',
        'People take e-bikes up in the lift to charge them at home.',
        'We need more e-bike charging points.',
        '希望多装几个电动车充电桩',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });

  it('asking for another time is its own worry (heating earlier / radiators cold); a fee named in passing is not a fee rise', () => {
    expect(groupsOf(['希望暖气早点开，十月底就很冷了', 'Could the heating start earlier this year?', '暖气片不热，屋里只有15度', 'Radiators are only lukewarm.'])).toEqual(['a,b', 'c,d']);
    expect(groupsOf(['停车费涨价太离谱', 'Parking fees went up again.', '车位不够，交了停车费也没地方停', 'Not enough parking spaces even though we pay.'])).toEqual(['a,b', 'c,d']);
  });

  it('property management named beside another thing is the addressee: a broken lift, an unrepaired leak and useless management stay three worries', () => {
    expect(
      groupsOf([
        '电梯老坏，物业不管',
        'The lift keeps breaking down and management does nothing.',
        '漏水报给物业，一直没人来修',
        'I reported a leaking pipe to management and nobody came.',
        '物业太差了，什么都不管',
        'The management company is useless.',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('being kept out is not strangers walking in, and a wrong bill is its own trouble', () => {
    expect(groupsOf(['外卖员进不了小区，要走很远去拿', 'Delivery riders are not allowed in, we walk to the gate.', '陌生人随便进出小区', 'Strangers walk in and out freely.'])).toEqual(['a,b', 'c,d']);
    expect(groupsOf(['水费单算错了', 'Our water bill is wrong.', '物业费太贵了', 'Management fees are too expensive.'])).toEqual(['a,b', 'c,d']);
  });

  it('noise sources are told apart: children running upstairs / square dancing', () => {
    expect(groupsOf(['楼上孩子天天跑跳，咚咚响', 'Kids upstairs stomping every evening.', '广场舞音乐太吵', 'Square dancing music is too loud.'])).toEqual(['a,b', 'c,d']);
  });

  // Facets that must agree (issue 19, set 4's hard negatives), in wording of our own, not the set's.

  it('where a noise comes from is its own facet: a building site / a renovated flat / a party / square dancing', () => {
    expect(
      groupsOf([
        '隔壁工地半夜还在施工打桩',
        'The building site across the road works through the night.',
        '楼上装修天天电钻响',
        'The flat below is being renovated, drilling every day.',
        '楼下邻居周末开派对到凌晨',
        'Neighbours hold loud parties every weekend.',
        '广场舞音响太吵',
        'The square dancing speakers are too loud.',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });

  it('which animal is its own facet: dog mess / pigeon droppings / stray cats', () => {
    expect(
      groupsOf([
        '小区里狗屎到处都是',
        'Dog poo all over the lawns.',
        '鸽子屎掉得阳台上到处都是',
        'Pigeon droppings cover our balconies.',
        '流浪猫太多，晚上叫',
        'Too many stray cats wailing at night.',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('which vehicle is its own facet: more e-bike chargers / a charger for a car', () => {
    expect(
      groupsOf([
        '希望多装电动车充电桩',
        'We need more e-bike chargers.',
        '想在车位上装个新能源汽车充电桩',
        'I want to install an EV charger at my parking space.',
      ]),
    ).toEqual(['a,b', 'c,d']);
  });

  it('what leaks is its own facet: an air conditioner dripping / the roof leaking', () => {
    expect(
      groupsOf([
        '楼上空调外机往下滴水',
        'The air conditioner above drips on people walking below.',
        '顶楼漏雨，天花板发霉',
        'The roof leaks whenever it rains.',
      ]),
    ).toEqual(['a,b', 'c,d']);
  });

  it('what the water is is its own facet: rain flooding the road / sewage coming back up the drains (屋面 is the roof)', () => {
    expect(
      groupsOf([
        '每次下暴雨，3号楼前面的路就积水',
        'The road by Block 3 floods whenever there is a storm.',
        '一楼卫生间地漏老是返污水',
        'Sewage keeps backing up through the drains on the ground floor.',
      ]),
    ).toEqual(['a,b', 'c,d']);
    expect(groupsOf(['屋面漏雨，顶层天花板都黄了', 'The roof leaks into the top-floor flats when it rains.'])).toEqual(['a,b']);
    // A blocked drain floods, said or not.
    expect(groupsOf(['The storm drains by the north gate are blocked with leaves.', '北门一下雨就积水', '一楼厕所老是返污水', 'Sewage keeps backing up through the toilets on the ground floor.'])).toEqual(['a,b', 'c,d']);
  });

  it('where children play is a place, not their worry: nowhere to play but the car park / too few parking spaces', () => {
    expect(
      groupsOf([
        '孩子没地方玩，只能在停车场跑',
        'Kids have nowhere to play except the car park.',
        '车位太少，晚上停不下',
        'Not enough parking spaces at night.',
      ]),
    ).toEqual(['a,b', 'c,d']);
  });

  it('whom a worry concerns is not what it is about: a day centre for the elderly / visits to the elderly living alone', () => {
    expect(
      groupsOf([
        '希望社区建一个老年日间照料中心',
        'We need a day care centre for older residents.',
        '独居老人没人上门看望',
        'Nobody visits the elderly who live alone.',
      ]),
    ).toEqual(['a,b', 'c,d']);
  });

  it('two objects in one place are two worries: the stairwell door lock / the stairwell lights / the stair handrail, all broken', () => {
    expect(
      groupsOf([
        '楼道门禁坏了，门关不上',
        'The door entry lock of our stairwell is broken.',
        '楼道灯坏了',
        'The stairwell lights are broken.',
        '楼梯扶手坏了',
        'The stair handrail is broken.',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f']);
  });

  it('who gets in is its own facet (cars from outside taking spaces / strangers on foot), and being trapped in a lift is not the lift breaking down', () => {
    const pair = (a: string, b: string) => idSets(suggestSimilar([{ id: 'a', text: a }, { id: 'b', text: b }]));
    expect(pair('外来车辆随便进小区停车，保安也不拦', '陌生人随便进出小区，保安也不问')).toEqual([]);
    expect(pair('Outside cars drive in and take our spaces, the guards let anyone in.', 'Anyone can walk in, the guards never check.')).toEqual([]);
    expect(pair('电梯困人，紧急按钮按了没反应', '电梯又坏了，三天两头出故障')).toEqual([]);
    expect(pair('外来车辆随便进小区停车，保安也不拦', 'Outside cars drive in and take our spaces, the guards let anyone in.')).toEqual(['a,b']);
    expect(pair('陌生人随便进出小区，保安也不问', 'Anyone can walk in, the guards never check.')).toEqual(['a,b']);
    expect(pair('电梯困人，紧急按钮按了没反应', 'I was trapped in the lift and the alarm button did nothing.')).toEqual(['a,b']);
  });

  it('where the money goes is its own trouble (lift adverts too loud / lift advert income), and so is asking to move a thing (bins under the window / bins that stink)', () => {
    const pair = (a: string, b: string) => idSets(suggestSimilar([{ id: 'a', text: a }, { id: 'b', text: b }]));
    expect(pair('电梯里的广告屏声音太大，吵死了', '电梯广告费的收入去哪了？要公示')).toEqual([]);
    expect(pair('The lift advert screens are too loud.', 'Where does the lift advertising money go? Publish the accounts.')).toEqual([]);
    expect(pair('垃圾桶就在我家窗户底下，能不能挪远一点', '垃圾桶太臭了，夏天都不敢开窗')).toEqual([]);
    expect(pair('The bins are right under my window, please move them.', 'The bins stink, I cannot open my windows in summer.')).toEqual([]);
    expect(pair('垃圾桶就在我家窗户底下，能不能挪远一点', 'The bins are right under my window, please move them.')).toEqual(['a,b']);
    expect(pair('电梯广告费的收入去哪了？要公示', 'Where does the lift advertising money go? Publish the accounts.')).toEqual(['a,b']);
  });

  it('a noise in the lift comes from its advert screen or from its machinery, and those are two worries', () => {
    const pair = (a: string, b: string) => idSets(suggestSimilar([{ id: 'a', text: a }, { id: 'b', text: b }]));
    expect(pair('电梯里的广告屏太吵了', '电梯机房嗡嗡响，晚上睡不着')).toEqual([]);
    expect(pair('The advert screen in the lift is far too loud.', 'The lift machinery hums all night, we cannot sleep.')).toEqual([]);
    expect(pair('电梯里的广告屏太吵了', 'The advert screen in the lift is far too loud.')).toEqual(['a,b']);
    expect(pair('电梯机房嗡嗡响，晚上睡不着', 'The lift machinery hums all night, we cannot sleep.')).toEqual(['a,b']);
  });

  it('a fire is what a worry could lead to, not its topic: a cluttered stairwell / an overcrowded sublet flat', () => {
    expect(
      groupsOf([
        '楼道堆满杂物，着火了怎么跑',
        'The stairwell is full of junk, a fire hazard.',
        '群租房住了十几个人，消防隐患大',
        'A flat next door is sublet to a dozen people, a fire risk.',
      ]),
    ).toEqual(['a,b', 'c,d']);
  });

  // Topics added from general knowledge of estates (issue 19, set 7's lesson: a topic no concept names
  // is never grouped), in wording of our own: each pair meets across languages and stays apart from the
  // pairs beside it.
  it('machines that hum, firecrackers and square dancing are four noises, each met across languages', () => {
    expect(
      groupsOf([
        '地下水泵房整夜嗡嗡响，吵得睡不着',
        'The water pump room hums all night, we cannot sleep',
        '小区配电房一直嗡嗡响，担心辐射',
        'The substation next to block 2 buzzes and we worry about radiation',
        '过年楼下放鞭炮太吵了',
        'Firecrackers at 2am every night over new year',
        '广场舞太吵',
        'Square dancing music is too loud',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });

  it('poplar fluff, a building site’s dust, its crane and paperwork at the neighbourhood office are met across languages', () => {
    expect(
      groupsOf([
        '春天杨絮到处飞，过敏',
        'Poplar fluff everywhere in spring, my allergies are terrible',
        '工地扬尘太大，窗户都不敢开',
        'Dust from the building site next door covers our balconies',
        '塔吊吊着钢筋从小区上空转',
        'The tower crane swings steel over our courtyard',
        '开个证明要跑好几趟居委会',
        'Getting a certificate from the neighbourhood office takes several trips',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });

  it('scams, elderly who wander off, a wasps’ nest and a defibrillator are met across languages', () => {
    expect(
      groupsOf([
        '老人经常接到诈骗电话，被骗买保健品',
        'Scammers keep selling health supplements to the elderly',
        '有老人走失了，希望有防走失手环',
        'An old man with dementia wandered off last week',
        '楼道里有一个马蜂窝',
        'There is a wasps nest in the stairwell',
        '希望小区里配一台AED除颤仪',
        'Please install a defibrillator in the lobby',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });

  it('meters, fees for a vacant flat, poultry, car alarms, graffiti, group buying, school catchments and window guards are met across languages', () => {
    expect(
      groupsOf([
        '电表好几个月没人抄，电费都是估的',
        'Our electricity meter has not been read for months, the bills are estimated',
        '房子空置也要交全额物业费',
        'We pay the full fee even though the flat is vacant',
        '楼下有人养鸡，公鸡每天四点打鸣',
        'A neighbour keeps chickens and the rooster crows at 4am',
        '地下车库的车报警器半夜响个不停',
        'Car alarms in the garage go off all night',
        '墙上到处是涂鸦',
        'Graffiti all over the walls by the gate',
        '社区团购的东西都堆在门口',
        'Group buying orders are piled up at the entrance',
        '学区划片把我们小区划出去了',
        'Our estate was moved out of the school catchment',
        '楼上没装防护栏，小孩趴在窗台上很危险',
        'No window guards upstairs, a child leans out of the window',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h', 'i,j', 'k,l', 'm,n', 'o,p']);
  });

  // Set 8's lessons (issue 19), in wording of our own: the same thing in two places or for two ends
  // is two worries, and words set 8 showed unread are read in both languages.
  it('smoking indoors and by the playground, a failing face gate and face data, a CPR course and a movie night stay apart', () => {
    expect(
      groupsOf([
        '电梯里总有人抽烟，烟味很大',
        'People smoke in the lift and it stinks of cigarettes',
        '沙池旁边有家长抽烟，小孩都吸二手烟',
        'Parents smoke right beside the playground while the kids play',
        '人脸识别门禁老是认不出我',
        'The face recognition gate keeps rejecting me',
        '物业收集我们的人脸数据，存在哪里？',
        'Who keeps the face data from the new gates?',
        '希望社区办一次心肺复苏培训',
        'Could we have a CPR course for residents?',
        '邻居都不认识，希望多办点邻里活动',
        'A movie night or some events so neighbours get to know each other',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h', 'i,j', 'k,l']);
  });

  it('replacing the management company, partitioned flats, Cantonese air conditioning and festival lanterns are met across languages', () => {
    expect(
      groupsOf([
        '物业太差了，大家投票换物业吧',
        'Can owners vote to replace the management company?',
        '隔壁一套房隔成了八个小隔间出租',
        'The flat next door has been partitioned into tiny rooms for rent',
        '楼上部冷气机成日滴水落嚟',
        'The air conditioner upstairs drips onto our window all day',
        '春节能不能在小区门口挂几个红灯笼',
        'Could we hang red lanterns at the entrance for the Spring Festival?',
      ]),
    ).toEqual(['a,b', 'c,d', 'e,f', 'g,h']);
  });
});

describe('suggestSimilar: evaluation on shared/similar-concerns.fixture.json', () => {
  it('the fixture is what it claims: ≥80 labelled notes, unique ids, about half Chinese and a third English', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(80);
    expect(new Set(labelled.map((n) => n.id)).size).toBe(labelled.length);
    const share = (lang: string) => labelled.filter((n) => n.lang === lang).length / labelled.length;
    expect(share('zh')).toBeGreaterThan(0.4);
    expect(share('en')).toBeGreaterThan(0.28);
    expect(share('mixed')).toBeGreaterThan(0.1);
  });

  it('at the default threshold, pairwise precision ≥ 0.97 and recall ≥ 0.95, zh–en recall ≥ 0.95 (measured 1.000, 0.970, 0.973)', () => {
    for (const t of [0.25, 0.3, 0.4, 0.45]) console.log(`threshold ${t}: ${describeScores(pairwiseScores(suggestSimilar(labelled, { threshold: t }), labelled))}`);
    const result = pairwiseScores(suggestSimilar(labelled), labelled);
    console.log(`default threshold ${DEFAULT_SIMILARITY_THRESHOLD}: ${describeScores(result)}`);
    console.log(`wrongly grouped pairs:\n  ${result.wrong.join('\n  ')}`);
    expect(result.precision).toBeGreaterThanOrEqual(0.97);
    expect(result.recall).toBeGreaterThanOrEqual(0.95);
    expect(result.byPair['zh-en'].recall).toBeGreaterThanOrEqual(0.95);
  });
});
