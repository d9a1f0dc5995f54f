/**
 * Similar-concern suggestions on the nine held-out sets, each written by someone who never saw
 * the matcher, its concept tables, its tests or the other sets, and each tuned on since its blind
 * run. Pairwise precision and recall per language pair at the default threshold; the assertions
 * hold the figures below as floors, so a change cannot quietly lose ground. Issue 19's target:
 * precision ≥ 0.85, recall ≥ 0.6, zh–en recall ≥ 0.4, judged on a set run blind (sets 1–8 have
 * been tuned on since their blind runs).
 *
 * - shared/similar-concerns.heldout.json (set 1): run once blind (P 0.788, R 0.488, zh–en R 0.554
 *   at the threshold of the time, 0.45: target missed), then seen and tuned on: TUNING data now,
 *   like similar-concerns.fixture.json, so its figures flatter the matcher.
 * - shared/similar-concerns.heldout2.json (set 2): run once blind (commit 621aac2, threshold 0.35:
 *   P 0.784, R 0.538, zh–en R 0.567: target missed), then its misses were studied and the matcher
 *   tuned with it in view (traditional characters, Cantonese, typos, overlapping Chinese words,
 *   facets of a worry, places): TUNING data now.
 * - shared/similar-concerns.heldout3.json (set 3, 187 notes, written 2026-12-07): run once blind
 *   after the matcher tuned on sets 1 and 2 was merged (commit e2f9005, threshold 0.35): overall
 *   P 0.729 (124/170) R 0.633 (124/196); zh–zh P 0.639 R 0.619; en–en P 0.667 R 0.588; zh–en
 *   P 0.798 R 0.647. Recall targets met; precision 0.85 missed: the wrong merges were hard
 *   negatives, same place or object and a different worry (early heating vs radiators not warm,
 *   stairwell vs street lights, a car blocking a door vs no ramp at it, more e-bike chargers vs
 *   charging in the stairwell, repairs ignored vs management fees). Then seen and tuned on (branch
 *   h/tune2: where a worry is apart from what it is about, management as addressee, misplaced
 *   things, timing and disputes as decisive facets, too expensive apart from a fee, neglect and
 *   misuse as kinds of trouble): TUNING data now. Tuned: P 0.959 (162/169) R 0.827 (162/196);
 *   zh–zh P 0.932 R 0.873; en–en P 1.000 R 0.647; zh–en P 0.970 R 0.828.
 * - shared/similar-concerns.heldout4.json (set 4, 193 notes, written 2026-12-07 blind by another
 *   hand): run once blind after the matcher tuned on sets 1–3 was merged (commit 63bae59,
 *   threshold 0.35, never swept, never tuned on): overall P 0.737 (115/156) R 0.625 (115/184);
 *   zh–zh P 0.750 R 0.600; en–en P 0.545 R 0.545; zh–en P 0.752 R 0.644. Recall targets met;
 *   precision 0.85 missed again, near set 3's blind figure. Tuning on set 3 (0.729 → 0.959 there)
 *   helped here less: the matcher before it (351ca71) scores P 0.665 R 0.592 (zh–en R 0.610) on set 4. The wrong merges: noise of different sources (building work at
 *   night vs weekend renovation vs parties vs square dancing), children with nowhere to play but
 *   the car park vs no parking, different kinds of animal mess, a bus stop moved vs a shelter at
 *   it, digging up lawns vs asking for a garden, and chains through a stray note (a fire drill).
 *   The lexicon approach has not generalised its precision across two blind sets. Then seen and
 *   tuned on (branch h/tune4): TUNING data now. Facets whose kinds exclude each other must agree
 *   (what makes a noise or fumes, which animal, which vehicle, what leaks), whom a worry concerns
 *   (the elderly, children) is not a thing in common, a car blocking a place is compared by the
 *   place, where people play is a place, a fire is a consequence, and lexicon splits (a building
 *   site vs a renovated flat, group renting vs illegal structures, manholes vs potholes, pigeons vs
 *   cats) and misreadings (fire drill, 呼叫, 日间照料, 送上门, 上不来, 粪水, 'breakdown of costs').
 *   Tuned: P 0.993 (145/146) R 0.788 (145/184); zh–zh P 0.977 R 0.764; en–en P 1.000 R 0.727;
 *   zh–en P 1.000 R 0.805. The mechanisms found on set 4 were checked on sets 1–3 (each commit
 *   says what it did to each): the site/renovation split took set 1 from P 0.962 to 0.987, the
 *   vehicle facet and people-as-whom set 3 from 0.959 to 0.970, fire as a consequence set 2's
 *   recall from 0.749 to 0.774, the leak facet sets 2 and 3 to 1.000 and 0.988. Beside the
 *   clustered figures, the pairs at or above the threshold that share no label (what complete
 *   link has to keep apart, and what a new set's notes could line up) were counted: from 44 / 48 /
 *   47 / 68 / 103 (fixture, sets 1–4, matcher at d99c13c) to 13 / 11 / 22 / 24 / 23, while those
 *   that share a label went from 195 / 162 / 164 / 171 / 136 to 195 / 164 / 167 / 180 / 160. Whether precision now generalises can only be told by a fifth blind set.
 * - shared/similar-concerns.heldout5.json (set 5, 202 notes, written 2026-12-07 blind by a third
 *   hand, before the set-4 tuning was merged and without sight of it): run once blind after that
 *   tuning was merged (commit bcd0fd6, threshold 0.35, never tuned on): overall P 0.767 (92/120)
 *   R 0.551 (92/167); zh–zh P 0.697 R 0.548; en–en P 0.444 R 0.333; zh–en P 0.833 R 0.575.
 *   Precision rose a little from sets 3 and 4's blind 0.729 and 0.737, still short of 0.85; recall
 *   fell below 0.6 for the first time (the new conflict rules keep apart some notes that belong
 *   together). The wrong merges: a tool library vs renovation drilling, a broken lift vs a larger
 *   lift for stretchers, flooding at the gate vs sewage backing up, more e-bike chargers vs the
 *   charging fee, a lift's advert screen vs delivery riders' speed, smoke from burning paper vs
 *   smoking in the lift. Then seen and tuned on (branch h/tune5): TUNING data now. Its errors were
 *   mostly everyday words misread or not read at all, so most changes are reading fixes checked
 *   on every set, not rules: English plain phrases ('a few'), stems ('evening' is not 'even',
 *   'closed' not 'close'), the typo fixer keeping a word's first letter (mostly / costly),
 *   words too loose to stand alone ('new', 'station', 'sit', 'let', 'cut', 'over', 'system', 换,
 *   烟 alone), single characters inside words (天花板, 差点, 装卸, 混凝土), wider vocabulary
 *   (glare, broadband, a place closed, WeChat notices, drainage, rip-off, brownish water); one
 *   facet (what the water is: rain or sewage), a blocked drain read as flooding, and the ambulance
 *   as whom a worry concerns. Tuned: P 0.940 (125/133) R 0.749 (125/167); zh–zh P 0.875 R 0.667;
 *   en–en P 0.875 R 0.583; zh–en P 0.968 R 0.796. On the other sets: set 1 0.987 / 0.929 ->
 *   0.994 / 0.946 (换 read as a repair had pulled notes to broken-lift groups), set 2 recall
 *   0.779 -> 0.790 (屋面), set 4 0.993 / 0.788 -> 0.994 / 0.842 ('a few', 差点, a closed
 *   market, WeChat announcements), fixture and set 3 unchanged. Pairs at or above the threshold
 *   that share no label, fixture and sets 1–5: 13 / 11 / 22 / 24 / 23 / 73 -> 11 / 11 / 23 / 25
 *   / 19 / 49; that share a label: 195 / 164 / 167 / 180 / 160 / 110 -> 195 / 164 / 169 / 180 /
 *   164 / 132. What a lexicon does not read falls back to the wording's cosine, and that fallback
 *   is near silent: across the six sets it puts 3 labelled pairs and 1 unlabelled pair at or above
 *   the threshold. Letting one shared concept count where a note names no trouble would not make
 *   up for it: such pairs at or above the threshold share a label 22 times and do not 120 times.
 *   Whether any of this generalises can only be told by the sixth blind set.
 * - shared/similar-concerns.heldout6.json (set 6, 224 notes, 96 groups, written 2026-12-07 blind by
 *   a fourth hand, who never opened the matcher, its tables, its tests or the other sets): run once
 *   blind after the set-5 tuning was merged (commit b990262, threshold 0.35, never tuned on, never
 *   swept): overall P 0.815 (132/162) R 0.653 (132/202); zh–zh P 0.775 R 0.660; en–en P 0.563
 *   R 0.600; zh–en P 0.868 R 0.657. Recall targets met (0.6, zh–en 0.4); precision 0.85 missed,
 *   though the best of the four blind runs (0.729, 0.737, 0.767, 0.815). The wrong merges: again
 *   the same place or thing and a different worry (short-stay rentals vs a broken gate lock vs
 *   guards letting strangers in; no parking space vs a refused private charger; a leak from the
 *   flat above vs a roof that lets damp through; the lift's dead emergency phone vs broken CCTV;
 *   fire doors wedged open vs smoking in the stairwell; street sellers at the gate vs a lift for
 *   old walk-ups), and chains through a stray note (a skate spot for teenagers). Then seen and
 *   tuned on (branch h/tune6): TUNING data now. Most of its wrong merges were everyday words misread
 *   ('nobody picks up' read as a collection, 'spot' as parking, 'book' as a library, 'drop' as dog
 *   mess through 'droppings', 'smoke would' as smoking, cars that can't get out as housebound, 破袋
 *   as broken, 拖 as a delay, 监控室 as the cameras) or not read (street sellers,
 *   fire doors, 安全出口, 救火车, a refused installation, hyphenated words such as
 *   facial-recognition, which were glued into one unread word); the rules added: something falling
 *   is compared by what falls, a leak from the flat above is a kind apart from the roof, pipes and
 *   air conditioners, and who comes in on foot (strangers, or short-stay tenants) is a facet. Tuned:
 *   P 1.000 (147/147) R 0.728 (147/202); zh–zh P 1.000 R 0.745; en–en P 1.000 R 0.600; zh–en
 *   P 1.000 R 0.736. The other sets' figures did not move (each commit on h/tune6 says what it did
 *   to each set); pairs at or above the threshold that share no label, fixture and sets 1–6: 11 /
 *   11 / 23 / 25 / 19 / 49 / 76 -> 11 / 11 / 23 / 23 / 16 / 40 / 34; that share a label: 195 / 164
 *   / 169 / 180 / 164 / 132 / 141 -> 195 / 164 / 169 / 180 / 164 / 133 / 157. A stricter cut for
 *   growing a group past two notes was measured on the four blind runs with the matcher of each
 *   (a link of 0.40 to join a third note): blind precision 0.729 / 0.737 / 0.767 / 0.815 -> 0.743 /
 *   0.772 / 0.821 / 0.843, recall 0.633 / 0.625 / 0.551 / 0.653 -> 0.633 / 0.625 / 0.521 / 0.584,
 *   and 3–8 points of recall lost on every tuned set: not taken, as it reaches 0.85 on none.
 *   Whether the tuning on set 6 generalises can only be told by a seventh blind set.
 * - shared/similar-concerns.heldout7.json (set 7, 220 notes, 91 groups, written 2026-12-07 blind
 *   by a fifth hand, asked also for topics rarely raised: a machine's hum, smells, a neighbour's
 *   camera, paperwork, seasonal trouble, construction nearby, digital services for the elderly):
 *   run once blind after the set-6 tuning was merged (commit 3ff31d6, threshold 0.35, never tuned
 *   on, never swept): overall P 0.821 (92/112) R 0.438 (92/210); zh–zh P 0.793 R 0.426; en–en
 *   P 0.444 R 0.286; zh–en P 0.878 R 0.458. Precision as on set 6 (0.815), still short of 0.85;
 *   recall fell below the 0.6 target (zh–en 0.458 still above 0.4): notes on topics the tables do
 *   not name are not grouped at all. The wrong merges: more chargers vs cables hung from a
 *   balcony, building-site dust vs a crane swinging loads over the playground, a canteen for the
 *   elderly vs a supermarket too far, a leak from upstairs vs reporting a leak to management vs
 *   dripping laundry, a tool library vs renovation drilling (again), a sewer smell vs sewage
 *   backing up. Then seen and tuned on (branch h/tune7): TUNING data now. Its misses were mostly
 *   topics no concept named, so besides reading fixes checked on every set (an AC's compressor
 *   and 室外机, rattles and 咔咔响, 电动单车, 食烟 and 'light up', cables and 拉线 as flying wires,
 *   QR codes and 扫码, 卫生间 as a toilet and not cleaning, sewage bubbling up, a yellow-hatched box
 *   as the fire lane, 'stuck' alone as no trap, 雪柜 as a fridge, 提前通知 as notice rather than
 *   timing), about seventy concepts were added from general knowledge of estates rather than
 *   from the set's words, with their facets: what hums or smells (a pump room, a transformer, a
 *   phone mast, a burning or chemical smell, chlorine, paint fumes, gas, smog), a building site's
 *   dust and its crane (a facet), firecrackers, a funeral, mahjong, a piano, a car alarm, poultry
 *   and insects as noise sources, paperwork and the neighbourhood office with its working hours,
 *   hukou, police, school catchments, first aid, a blood-pressure kiosk, vaccines, scams, elderly
 *   who wander off, allergies, poplar fluff, wasps, snakes, caterpillars, wind, flowerpots,
 *   balconies, ponds, graffiti, meters, cash, vacant flats, a vote, an ISP monopoly, borrowing
 *   (a decisive trouble: a tool library is not drilling), blind and deaf residents, hot water,
 *   ventilation, soundproofing, window guards, group buying, a bank, a care home and more.
 *   Tuned: P 1.000 (171/171) R 0.814 (171/210); zh–zh P 1.000 R 0.778; en–en P 1.000 R 0.714;
 *   zh–en P 1.000 R 0.838. On the other sets (each commit on h/tune7 says what it did to each):
 *   set 4 0.994 / 0.842 -> 1.000 / 0.853, set 5 0.940 / 0.749 -> 0.961 / 0.743, set 6 1.000 /
 *   0.728 -> 1.000 / 0.792 (zh–en recall 0.736 -> 0.821: circling for a space, a knock on the
 *   door, 管理费, a monopoly, tactile paving, 'last week' as no delay read now), the fixture and
 *   sets 1–3 unchanged. Pairs at
 *   or above the threshold that share no label, fixture and sets 1–7: 11 / 11 / 23 / 23 / 16 / 40 /
 *   34 / 48 -> 11 / 11 / 21 / 24 / 13 / 35 / 36 / 26; that share a label: 195 / 164 / 169 / 180 /
 *   164 / 133 / 157 / 112 -> 195 / 164 / 169 / 180 / 166 / 132 / 168 / 182. A precision safeguard
 *   was measured as a blind run would see it, on sets 3–7 in the order they were written, each
 *   with the matcher of its blind run: a pair keeps 0.9 of its similarity when it shares no more
 *   than the two concepts required and each note names a thing (people and places aside) the
 *   other does not (in the blind runs, 73–90 % of the pairs wrongly grouped share no more than
 *   two concepts and 29–61 % name things on both sides that the other lacks, against 40–55 % and
 *   17–25 % of the pairs rightly grouped). Blind precision 0.729 / 0.737 / 0.767 / 0.815 / 0.821 -> 0.754 / 0.762 /
 *   0.818 / 0.825 / 0.827, blind recall 0.633 / 0.625 / 0.551 / 0.653 / 0.438 -> 0.643 / 0.625 /
 *   0.539 / 0.653 / 0.433; on the tuned sets recall 0.946 -> 0.887 (set 1), 0.790 -> 0.779 (set
 *   2), 0.853 -> 0.842 (set 4), 0.792 -> 0.787 (set 6), 0.814 -> 0.800 (set 7). It reaches 0.85 on
 *   no blind run and costs set 1 six points: not taken. Cutting every pair that shares only two
 *   concepts to 0.9 did no better (blind precision 0.750 / 0.764 / 0.818 / 0.833 / 0.844, blind
 *   recall down to 0.594 on set 6, tuned recall down 3–6 points). Whether the broader table
 *   generalises can only be told by an eighth blind set.
 * - shared/similar-concerns.heldout8.json (set 8, 228 notes, 98 groups, written 2026-12-07 blind
 *   by a sixth hand, asked for everyday topics and at least a third of groups on concerns a lexicon
 *   might not anticipate, with 46 hard-negative group pairs): run once blind after the set-7 tuning
 *   and its broadening to 265 concepts were merged (commit 4cb3300, threshold 0.35, never tuned on,
 *   never swept; commit 4cb3300 + the set-8 entry, threshold 0.35): overall P 0.848 (106/125) R 0.576
 *   (106/184); zh–zh P 0.763 R 0.475; en–en P 0.333 R 0.667 (3 labelled pairs); zh–en P 0.926
 *   R 0.625. The best blind precision of six
 *   (0.729, 0.737, 0.767, 0.815, 0.821, 0.848), a hair under 0.85; recall under 0.6 (zh–en 0.625
 *   over 0.4). The wrong merges: a face-scan gate that fails vs who keeps the face data, digging
 *   the lawn for vegetables vs asking for a community garden, smoking by the playground vs in the
 *   lift or stairwell, a canteen for the elderly vs a market gone, slow rubbish collection vs junk
 *   hoarded in the stairwell, events for young residents vs a first-aid course vs neighbourly events.
 *   Then seen and tuned on (branch h/tune8): TUNING data now. Most of its errors were everyday words
 *   misread or not read, fixed as vocabulary checked on every set rather than as set-8 pairs
 *   (airing duvets, 'only option' and 其他运营商 as a monopoly, partitioned flats, herbs and 种葱种蒜,
 *   supplements and 'luring' as a scam, 不认识的人, 铁锈味, tiles 'coming loose', 揸得好快, 'its
 *   smoke', internet 'speeds', 划拳 and 'rowdy' as noise, 买菜做饭 as cooking, 菜车 as the market,
 *   废品 and 囤 as clutter, 'the barrier just lifts', 'please keep', 'a communal spot', 心脏 as no
 *   dirt, 对门 and 'our door' as no gate, 钥匙, 'once a week' as no delay, mobile payment as the
 *   app, 拋 folded to 抛), a concept for replacing the management company, and, from probes in
 *   wording of our own, Cantonese (冷气, 细路, 瞓) and everyday English ('peeling paint', 'never
 *   replies', 'a mess') and three concepts named from general knowledge (festival decorations,
 *   solar panels, small services). The mechanisms: a facet of where a worry is, inside a block
 *   (lift, stairwell) or in the open (playground, greenery); a facet of what an activity is for
 *   (first aid, scams, or meeting the neighbours) and one of a course against the kit itself; a
 *   facet of what an entry system lets in (cars at a barrier, people at a door); a face scanner
 *   is a thing of its own that implies privacy only where a note names nothing else wrong
 *   (IMPLIED_TROUBLES: 'the face gate rejects me' is a broken gate, not who keeps the data);
 *   danger alone is no trouble that conflicts (residents add it to any worry); paperwork is a
 *   decisive trouble (a roof leak stuck behind the maintenance fund's signatures). Tried and left
 *   out: the car park and paths in the inside/outside facet (sets 3 and 4 lost recall), 'face
 *   recognition' as no privacy by itself (set 5 lost a pair), 烧烤摊 as a shop (sets 3 and 7 lost
 *   recall). Getting to know the neighbours is a concept and the third kind of activity; 白分了 and
 *   混着扔 are rubbish unsorted; 用水高峰 is low pressure; 'no explanation' a want of transparency.
 *   Tuned: P 1.000 (149/149) R 0.810 (149/184); zh–zh P 1.000 R 0.689; en–en P 1.000 R 1.000;
 *   zh–en P 1.000 R 0.867. On the other sets (each commit on h/tune8 says what it did to each):
 *   set 6 R 0.792 -> 0.807 (a flat split into tiny rooms; danger alone no conflict), set 5 0.961 /
 *   0.743 -> 0.962 / 0.749 (neighbourly events), set 4 R 0.853 -> 0.848 (one pair as complete link
 *   regroups), the fixture and sets 1–3 and 7 unchanged. Pairs at or above the threshold that
 *   share no label, fixture and sets 1–8, from the blind run's matcher (1c335a9) to the tuned one:
 *   11 / 11 / 21 / 24 / 13 / 35 / 36 / 26 / 50 -> 11 / 10 / 21 / 24 / 13 / 34 / 37 / 26 / 21; that
 *   share a label: 195 / 164 / 169 / 180 / 166 / 132 / 168 / 182 / 124 -> 195 / 164 / 168 / 180 /
 *   165 / 133 / 170 / 182 / 156. Left alone: a stairwell and
 *   a lift are two places, so smoking in one and in the other do not meet; being trapped stays
 *   decisive, so a lift that breaks down and one that broke down with someone inside do not meet.
 *   300 concerns group in a median 63.8 ms on bench:similar (58.6 ms for the blind run's matcher,
 *   the same loaded machine). Whether this generalises can only be told by a ninth blind set.
 * - shared/similar-concerns.heldout9.json (set 9, 228 notes, 94 groups, 201 labelled pairs, written
 *   2026-12-07 blind by a seventh hand with 39 hard-negative group pairs): run once blind after the
 *   set-8 tuning was merged (commit f3ed6e8, threshold 0.35, never tuned on, never swept): overall
 *   P 0.871 (121/139) R 0.602 (121/201); zh–zh P 0.854 R 0.565; en–en P 0.800 R 0.308; zh–en
 *   P 0.882 R 0.651. Issue 19's target is met on this blind set, recall by 0.002; the eight blind runs
 *   before it all missed, so a next blind set may fall on either side.
 */
import { describe, expect, it } from 'vitest';
import heldout1 from './similar-concerns.heldout.json';
import heldout2 from './similar-concerns.heldout2.json';
import heldout3 from './similar-concerns.heldout3.json';
import heldout4 from './similar-concerns.heldout4.json';
import heldout5 from './similar-concerns.heldout5.json';
import heldout6 from './similar-concerns.heldout6.json';
import heldout7 from './similar-concerns.heldout7.json';
import heldout8 from './similar-concerns.heldout8.json';
import heldout9 from './similar-concerns.heldout9.json';
import { DEFAULT_SIMILARITY_THRESHOLD, suggestSimilar } from './similar-concerns.ts';
import { describeScores, pairwiseScores, type LabelledNote } from './similar-concerns-metrics.ts';

const sets = [
  { name: 'set 1 (tuning data now)', notes: heldout1.notes, floors: { precision: 0.98, recall: 0.93, zhEnRecall: 0.96 }, measured: 'after tuning on it 0.994, 0.946, 0.970; blind 0.788, 0.488, 0.554' },
  { name: 'set 2 (tuning data now)', notes: heldout2.notes, floors: { precision: 0.98, recall: 0.77, zhEnRecall: 0.81 }, measured: 'after tuning on it 1.000, 0.790, 0.825; blind 0.784, 0.538, 0.567' },
  { name: 'set 3 (tuning data now)', notes: heldout3.notes, floors: { precision: 0.97, recall: 0.87, zhEnRecall: 0.87 }, measured: 'after tuning on it 0.989, 0.888, 0.888; blind 0.729, 0.633, 0.647' },
  { name: 'set 4 (tuning data now)', notes: heldout4.notes, floors: { precision: 0.98, recall: 0.84, zhEnRecall: 0.85 }, measured: 'after tuning on sets 4-8 1.000, 0.848, 0.856; after tuning on sets 4-7 1.000, 0.853, 0.864; after tuning on it 0.994, 0.842, 0.847; blind 0.737, 0.625, 0.644' },
  { name: 'set 5 (tuning data now)', notes: heldout5.notes, floors: { precision: 0.95, recall: 0.73, zhEnRecall: 0.78 }, measured: 'after tuning on sets 5-8 0.962, 0.749, 0.796; after tuning on sets 5-7 0.961, 0.743, 0.796; after tuning on it 0.940, 0.749, 0.796; blind 0.767, 0.551, 0.575' },
  { name: 'set 6 (tuning data now)', notes: heldout6.notes, floors: { precision: 0.98, recall: 0.79, zhEnRecall: 0.82 }, measured: 'after tuning on sets 6-8 1.000, 0.807, 0.836; after tuning on sets 6-7 1.000, 0.792, 0.821; after tuning on it 1.000, 0.728, 0.736; blind 0.815, 0.653, 0.657' },
  { name: 'set 7 (tuning data now)', notes: heldout7.notes, floors: { precision: 0.98, recall: 0.80, zhEnRecall: 0.82 }, measured: 'after tuning on it 1.000, 0.814, 0.838; blind 0.821, 0.438, 0.458' },
  { name: 'set 8 (tuning data now)', notes: heldout8.notes, floors: { precision: 0.98, recall: 0.80, zhEnRecall: 0.86 }, measured: 'after tuning on it 1.000, 0.810, 0.867; blind 0.848, 0.576, 0.625 (commit 4cb3300)' },
  { name: 'set 9 (run once blind)', notes: heldout9.notes, floors: { precision: 0.87, recall: 0.6, zhEnRecall: 0.65 }, measured: 'blind 0.871, 0.602, 0.651; issue 19 targets met' },
];

describe.each(sets)('suggestSimilar on held-out $name', ({ name, notes: raw, floors, measured }) => {
  const notes = raw as LabelledNote[];

  it('the set is labelled notes with unique ids in both languages', () => {
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
    for (const lang of ['zh', 'en']) expect(notes.some((n) => n.lang === lang)).toBe(true);
    for (const n of notes) expect(['zh', 'en', 'mixed']).toContain(n.lang);
  });

  it(`at the default threshold: precision ≥ ${floors.precision}, recall ≥ ${floors.recall}, zh–en recall ≥ ${floors.zhEnRecall} (measured ${measured})`, () => {
    const result = pairwiseScores(suggestSimilar(notes), notes);
    console.log(`held-out ${name}, ${notes.length} notes, default threshold ${DEFAULT_SIMILARITY_THRESHOLD}: ${describeScores(result)}`);
    console.log(`wrongly grouped pairs:\n  ${result.wrong.join('\n  ')}`);
    expect(result.precision).toBeGreaterThanOrEqual(floors.precision);
    expect(result.recall).toBeGreaterThanOrEqual(floors.recall);
    expect(result.byPair['zh-en'].recall).toBeGreaterThanOrEqual(floors.zhEnRecall);
  });
});
