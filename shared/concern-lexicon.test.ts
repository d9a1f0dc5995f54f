/** Reading notes against the concept table: the table's own consistency, and how Chinese and English are cut. */
import { describe, expect, it } from 'vitest';
import { CONCEPTS, FAULT_FAMILIES, MODIFIER_CONCEPTS, SELF_CONTAINED } from './concern-concepts.ts';
import { conceptsOf, placeConcepts } from './concern-lexicon.ts';
import { normalise } from './concern-text.ts';

const read = (text: string) => new Set(conceptsOf(normalise(text)));

describe('concept table', () => {
  it('concept ids are unique, every row has Chinese and English words, and the sets name only concepts of the table', () => {
    const ids = CONCEPTS.map(([id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [id, zh, en] of CONCEPTS) {
      expect(zh.trim().split(' ').length, id).toBeGreaterThan(0);
      expect(en.split(',').every((p) => p.trim().length > 0), id).toBe(true);
    }
    const known = new Set(ids);
    for (const id of [...MODIFIER_CONCEPTS, ...FAULT_FAMILIES.keys(), ...SELF_CONTAINED]) expect(known.has(id), id).toBe(true);
    // A modifier never counts as a shared concept, so it cannot also be a trouble or stand alone.
    for (const id of MODIFIER_CONCEPTS) expect(FAULT_FAMILIES.has(id) || SELF_CONTAINED.has(id), id).toBe(false);
  });
});

describe('conceptsOf: Chinese', () => {
  it('longest match: 电动车 is an e-bike, not electricity and a car', () => {
    expect(read('电动车')).toEqual(new Set(['ebike']));
  });

  it('overlapping words are both read (单元门禁 is a unit door and access control; 充电瓶车 charging and an e-bike)', () => {
    for (const c of ['access-control', 'stairwell', 'broken']) expect(read('单元门禁坏了').has(c), c).toBe(true);
    for (const c of ['charging', 'ebike']) expect(read('楼道里充电瓶车').has(c), c).toBe(true);
  });

  it('a plain word hides the listed word inside it: 电话 is not electricity, 满意 not full, 影响 not noise, 差点 (nearly) not poor', () => {
    expect(read('打电话').has('utilities')).toBe(false);
    expect(read('差点摔倒').has('poor')).toBe(false);
    // 天花板 (a ceiling) and 花盆 (a flowerpot) are no flowers, 装卸 (loading) no installing, 混凝土 (concrete) nothing mixed.
    expect(read('天花板发霉了').has('greenery')).toBe(false);
    expect(read('早上五点就装卸货').has('install')).toBe(false);
    expect(read('工地半夜浇混凝土').has('unsorted')).toBe(false);
    expect(read('工地半夜浇混凝土').has('construction')).toBe(true);
    expect(read('大家都不满意').has('full')).toBe(false);
    expect(read('影响出行').has('noise')).toBe(false);
  });

  it('a word of four characters or more typed with one wrong character is still read (消防通到 for 消防通道), but not where words read it already', () => {
    expect(read('消防通到被占用了').has('fire-lane')).toBe(true);
    // 没有电话 is one character from 没有电梯, and is 没有 and 电话.
    expect(read('没有电话').has('lift')).toBe(false);
    // The mistyped character is one no exact word reads: 外面的车 (a car) is not 外面的人 (strangers).
    expect(read('外面的车随便进来').has('strangers')).toBe(false);
    expect(read('外面的车随便进来').has('car')).toBe(true);
  });

  it('a word carries the concepts of the listed words inside it (垃圾分类 is rubbish too; 没有电梯 a lack of lifts)', () => {
    expect(read('垃圾分类')).toEqual(new Set(['sorting', 'rubbish']));
    for (const c of ['old-building', 'lift', 'shortage']) expect(read('没有电梯').has(c), c).toBe(true);
  });

  it('a word marked exact does not (停车费涨价没有经过讨论: no consultation, not a lack)', () => {
    expect(read('没有经过讨论').has('shortage')).toBe(false);
    expect(read('没有经过讨论').has('consult')).toBe(true);
  });
});

describe('conceptsOf: Chinese readings of everyday words', () => {
  it('a volume turned up (音响开那么大) is noise, not the speeding a typo of 开那么快 would make it; riding fast (骑得飞快) is speeding', () => {
    expect(read('音响开那么大').has('noise')).toBe(true);
    expect(read('音响开那么大').has('speeding')).toBe(false);
    expect(read('送水的三轮车骑得飞快').has('speeding')).toBe(true);
    expect(read('差点被撞到').has('danger')).toBe(true);
  });
});

describe('conceptsOf: more everyday words', () => {
  it('a stop moved away (迁走, "was moved") is relocated; a breakdown of spending is about transparency; throwing anything anywhere (乱扔) is not sorting', () => {
    expect(read('菜市场搬迁以后买菜很远').has('relocate')).toBe(true);
    expect(read('the recycling point was moved to the far corner').has('relocate')).toBe(true);
    expect(read('we never get a breakdown of the expenses').has('transparency')).toBe(true);
    expect(read('we never get a breakdown of the expenses').has('broken')).toBe(false);
    expect(read('有人垃圾乱丢').has('unsorted')).toBe(true);
    expect(read('somewhere to rest on the way to the clinic').has('bench')).toBe(true);
    // Notices and groups online: 'announced' is a notice, a WeChat group (微信群) is how it is sent.
    for (const c of ['notify', 'app']) expect(read('the water cut was only announced in the wechat group').has(c), c).toBe(true);
    expect(read('停水通知只发在业主群里').has('app')).toBe(true);
  });

  it('a place closed (关门, 拆了, "closed at weekends") is a trouble of its own, and "closed" is not "close" (near); a health centre is a clinic; 往下掉 is coming off and falling', () => {
    expect(read('卫生站周末不开门').has('closed')).toBe(true);
    expect(read('the post office is closed on sundays').has('closed')).toBe(true);
    expect(read('the bins are too close to my window').has('closed')).toBe(false);
    expect(read('the door does not close').has('closed')).toBe(false);
    expect(read('the health centre is too far')).toEqual(new Set(['health', 'far']));
    for (const c of ['cracked', 'falling-objects']) expect(read('阳台的瓷砖往下掉').has(c), c).toBe(true);
  });

  it('换 alone (to change, to swap) is no repair: 换个大电梯 asks for another lift; 更换 and 维修 still are repairs', () => {
    expect(read('以后换个大一点的电梯').has('repair')).toBe(false);
    expect(read('灯泡坏了也没人更换').has('repair')).toBe(true);
  });
});

describe('conceptsOf: English', () => {
  it('stems and phrases: "keeps breaking down" is broken, "fire lane" one concept', () => {
    expect(read('The lift keeps breaking down')).toEqual(new Set(['lift', 'broken']));
    expect(read('cars in the fire lane').has('fire-lane')).toBe(true);
  });

  it('a typo one letter from a lexicon word of six letters or more is read as that word (parkng, elevtor)', () => {
    expect(read('parkng')).toEqual(new Set(['parking']));
    expect(read('the elevtor')).toEqual(new Set(['lift']));
    // Shorter words and listed common words are left alone: "would" is not "mould", "properly" not "property".
    expect(read('would')).toEqual(new Set());
    expect(read('properly')).toEqual(new Set());
    // Nor is a word whose first letter differs: people seldom mistype it (mostly / costly, pending / spending, chains / chairs).
    // A repair "still pending" is slow in its own right, not spending.
    expect(read('mostly')).toEqual(new Set());
    expect(read('pending')).toEqual(new Set(['slow']));
    expect(read('swing chains')).toEqual(new Set(['playground']));
  });

  it('words that only look inflected or generic keep apart: "on the news" is not new, "carried down six floors" is not broken, "I work late" is no building works', () => {
    expect(read('Scary after the fires on the news.').has('install')).toBe(false);
    expect(read('Paramedics carried my father down six floors.').has('broken')).toBe(false);
    expect(read('The lift is down again.').has('broken')).toBe(true);
    expect(read('I work late and can never make it.').has('works')).toBe(false);
    expect(read('We pay every year and never see a breakdown of costs.').has('broken')).toBe(false);
  });

  it('"block 3" names a building, "cars block the lane" an obstruction', () => {
    expect(read('Block 3 lift broken').has('blocked')).toBe(false);
    expect(read('the lift in block 6 is out').has('blocked')).toBe(false);
    expect(read('cars block the fire lane').has('blocked')).toBe(true);
    expect(read('one battery fire and the whole block is gone').has('blocked')).toBe(false);
    expect(read('bikes in our block block the stairs').has('blocked')).toBe(true);
  });

  it('"a few times" is no shortage, "even" no evening, a gate that "swings open" no playground swing, "paving" no paying', () => {
    expect(read('The drains overflow a few times every winter.').has('shortage')).toBe(false);
    expect(read('too few benches').has('shortage')).toBe(true);
    expect(read('even the postman complains').has('night')).toBe(false);
    expect(read('loud music every evening').has('night')).toBe(true);
    expect(read('the back gate swings open in the wind')).toEqual(new Set(['gate', 'broken']));
    expect(read('the paving is cracked')).toEqual(new Set(['pavement', 'cracked']));
  });

  it('a light that shines into a bedroom is glare; a path with "no lighting" lacks lights, as 没有路灯 does, rather than being dark from a fault', () => {
    expect(read('the floodlight is too bright and shines into our flat').has('glare')).toBe(true);
    expect(read('路灯直射我家卧室').has('glare')).toBe(true);
    expect(read('the back lane has no street lights')).toEqual(new Set(['path', 'light', 'shortage']));
    for (const c of ['light', 'shortage']) expect(read('北门那条路没有路灯').has(c), c).toBe(true);
  });

  it('everyday words of the neighbourhood: a broadband provider is the internet, a rip-off is expensive, brownish water is discoloured', () => {
    expect(read('only one broadband provider').has('internet')).toBe(true);
    expect(read('小区宽带只有一家运营商').has('internet')).toBe(true);
    expect(read('the parking charge is a rip-off').has('expensive')).toBe(true);
    expect(read('the water is brownish').has('discoloured')).toBe(true);
    expect(read('who keeps our face data?').has('privacy')).toBe(true);
  });

  it('words too loose to name a concept alone: "new" is no request, a "station" no bus stop, "sit" no bench, 烟 (smoke) no cigarette', () => {
    expect(read('the new gate system').has('install')).toBe(false);
    expect(read('please install a new lamp').has('install')).toBe(true);
    expect(read('the rubbish station stinks').has('bus')).toBe(false);
    expect(read('the bus station moved').has('bus')).toBe(true);
    expect(read('vans sit in the spaces all week').has('bench')).toBe(false);
    expect(read('nowhere to sit').has('bench')).toBe(true);
    expect(read('有人烧树叶，烟很大').has('smoking')).toBe(false);
    expect(read('有人在楼道里抽烟').has('smoking')).toBe(true);
    // Nor 'let' (rental), 'cut' (felling), 'over' (overtime), 'system' (an app), 'rest' (sleep), as residents use them.
    expect(read('please let us put in a charger').has('rental')).toBe(false);
    expect(read('my son cut his hand on the slide').has('fell')).toBe(false);
    expect(read('they cut down the old trees').has('fell')).toBe(true);
    expect(read('the boy was knocked over').has('overtime')).toBe(false);
    expect(read('the door entry system is dead').has('app')).toBe(false);
    expect(read('a bench so the elderly can rest').has('sleep')).toBe(false);
  });

  it('digits and letters are cut apart: "6-storey" reads as "6 storey"', () => {
    expect(read('our old 6-storey block').has('old-building')).toBe(true);
  });
});

describe('normalise: Chinese as residents write it', () => {
  it('traditional characters, Cantonese words and common misspellings read as simplified Mandarin', () => {
    expect(normalise('電梯壞了，樓道裡很髒')).toBe('电梯坏了,楼道里很脏');
    expect(normalise('三座部𨋢又壞咗，成日壞')).toBe('3座部电梯又坏了,经常坏');
    expect(normalise('拉圾桶满了，希望按装冲电桩')).toBe('垃圾桶满了,希望安装充电桩');
    expect(read('物業費太貴')).toEqual(read('物业费太贵'));
    expect(normalise('Lift in Block three is out')).toBe('lift in block 3 is out');
    // NFKC folds the full-width comma too. Text without Chinese is left as it was (apart from case).
    expect(normalise('Lift broken')).toBe('lift broken');
  });
});

describe('placeConcepts: where a worry happens', () => {
  it('在…里 and between / near name a place; 停在, 困在 and "parked in" name the object', () => {
    expect(placeConcepts(normalise('孩子只能在停车场里跑来跑去'))).toContain('parking');
    expect(placeConcepts(normalise('lights broken near the bike shed'))).toContain('bike-shed');
    expect(placeConcepts(normalise('车停在消防通道里'))).toEqual([]);
    expect(placeConcepts(normalise('有人被困在电梯里'))).toEqual([]);
    expect(placeConcepts(normalise('Cars parked in the fire lane'))).toEqual([]);
  });

  it('where people play or run about is a place (在停车场跑, "play in the car park", "except the car park"); a pronoun is none', () => {
    expect(placeConcepts(normalise('小区里没有给小孩玩的地方，只能在停车场跑'))).toContain('parking');
    expect(placeConcepts(normalise('The kids play in the car park.'))).toContain('garage');
    expect(placeConcepts(normalise('There is nowhere to play except the car park.'))).toContain('garage');
    expect(placeConcepts(normalise('The building site next to us is pile-driving at night.'))).toEqual([]);
    expect(placeConcepts(normalise('The play equipment is broken.'))).toEqual([]);
  });
});
