/** The pure parts of published results: ranking, overdue, CSV safety and the Markdown/CSV layouts. */
import { describe, expect, it } from 'vitest';
import { csvField, isOverdue, localIsoDate, markdownText, neutraliseCell, rankTallies, toCsv, toMarkdown, Utf8Bom, type PublicResults, type TallyTarget } from './results.ts';

const results = (over: Partial<PublicResults> = {}): PublicResults => ({
  schema: 'yishi.results/1', sessionId: 's1', title: 'Lift 电梯', publishedAt: Date.UTC(2024, 4, 1, 8, 30), generatedAt: Date.UTC(2024, 4, 2, 9, 0),
  boards: [{
    id: 'b1', title: 'Plenary', kind: 'plenary',
    themes: [{ id: 't1', title: 'Safety', notes: [{ id: 'n1', text: 'Broken <b>lift</b> | again' }], escalation: null, advice: [] }],
    unthemedNotes: [{ id: 'n2', text: '@everyone\nlook' }],
    tallies: [{ targetId: 'n1', kind: 'note', title: 'Broken <b>lift</b> | again', votes: 4, rank: 1 }],
    actions: [{
      id: 'a1', boardId: 'b1', title: '-1 floor drain', owner: 'Office 办公室', due: '2024-04-01', status: 'in_progress', overdue: true, themeId: 't1',
      updates: [{ at: Date.UTC(2024, 4, 1), status: 'in_progress', note: 'Started', by: 'owner', label: 'Housing office' }], escalation: null, advice: [], from: null,
    }],
  }],
  record: { phases: [{ boardId: 'b1', boardTitle: 'Plenary', phase: 'gather', at: 0 }], published: [{ at: 1 }], unpublished: [], participants: 3, residents: 2, balance: { byGroup: { resident: { joined: 2, notes: 3 } }, byAgeBand: {} } },
  incomingEscalations: [],
  ...over,
});

describe('rankTallies', () => {
  const targets = new Map<string, TallyTarget>([['a', { kind: 'note', title: 'A' }], ['b', { kind: 'note', title: 'B' }], ['c', { kind: 'theme', title: 'C' }], ['d', { kind: 'action', title: 'D' }]]);
  it('most votes first; ties share a rank (1, 1, 3) and are ordered by title; gone targets and zeros are left out', () => {
    expect(rankTallies({ b: 3, a: 3, c: 1, gone: 9, d: 0 }, targets)).toEqual([
      { targetId: 'a', kind: 'note', title: 'A', votes: 3, rank: 1 },
      { targetId: 'b', kind: 'note', title: 'B', votes: 3, rank: 1 },
      { targetId: 'c', kind: 'theme', title: 'C', votes: 1, rank: 3 },
    ]);
    expect(rankTallies({}, targets)).toEqual([]);
  });
});

describe('isOverdue', () => {
  it('is due strictly before today and not done; no due date is never overdue', () => {
    expect(isOverdue('2024-05-01', 'planned', '2024-05-02')).toBe(true);
    expect(isOverdue('2024-05-02', 'planned', '2024-05-02')).toBe(false);
    expect(isOverdue('2024-05-01', 'done', '2024-05-02')).toBe(false);
    expect(isOverdue('2024-05-01', 'escalated', '2024-05-02')).toBe(true);
    expect(isOverdue(null, 'planned', '2024-05-02')).toBe(false);
  });
  it('today is a local calendar date', () => {
    expect(localIsoDate(new Date(2024, 0, 5, 23, 59).getTime())).toBe('2024-01-05');
  });
});

describe('CSV safety', () => {
  it('neutralises cells starting with = + - @ tab or CR, or with white space before = + - @, and nothing else', () => {
    for (const v of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\t=1+1', '\r=1', ' =HYPERLINK("http://x")', '  +1', '\n-1', '\u00a0@A1', '\u3000=1']) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ['a=1', ' a=1', ' 电梯', '电梯', '', ' ']) expect(neutraliseCell(v)).toBe(v);
    expect(csvField(' =HYPERLINK("http://x","y")')).toBe(`"' =HYPERLINK(""http://x"",""y"")"`);
  });
  it('quotes fields with commas, quotes or line breaks, after neutralising', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(3)).toBe('3');
    expect(csvField(null)).toBe('');
  });
});

describe('toCsv', () => {
  it('starts with the BOM, uses CRLF, has a row per theme, concern and action, headings in the chosen language', () => {
    const csv = toCsv(results());
    expect(csv.startsWith(Utf8Bom)).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Board,Type,Id,Theme,Text,Votes,Rank,Owner,Due,Status,Overdue,Escalation,Updates,Expert advice');
    expect(lines[1]).toBe('Plenary,theme,t1,Safety,Safety,,,,,,,,,');
    expect(lines[2]).toBe('Plenary,concern,n1,Safety,Broken <b>lift</b> | again,4,1,,,,,,,');
    expect(lines[3]).toBe(`Plenary,concern,n2,,"'@everyone\nlook",,,,,,,,,`);
    expect(csv).toContain(`Plenary,action,a1,Safety,'-1 floor drain,,,Office 办公室,2024-04-01,in progress,yes,,2024-05-01 00:00 UTC [in progress] Started,`);
    expect(toCsv(results(), 'zh-CN').slice(1).split('\r\n')[0]).toBe('议题板,类型,编号,主题,内容,票数,排名,负责方,截止日期,状态,已逾期,上报,进展,专家建议');
    expect(toCsv(results(), 'zh-CN')).toContain('进行中,是');
  });
});

describe('expert advice in the exports', () => {
  const withAdvice = (): PublicResults => {
    const r = results();
    const b = r.boards[0]!;
    b.themes[0]!.advice = [{ id: 'x1', text: 'Ask the lift company for its logbook', createdAt: 1 }, { id: 'x2', text: '=cmd <script>', createdAt: 2 }];
    b.actions[0]!.advice = [{ id: 'x3', text: '@联系房管所 first', createdAt: 3 }];
    return r;
  };

  it('CSV: a last column with the item’s advice, one per line, neutralised like every cell', () => {
    const lines = toCsv(withAdvice()).slice(1).split('\r\n');
    // A cell is read as a formula by its first character only: this one starts with words.
    expect(lines[1]).toBe(`Plenary,theme,t1,Safety,Safety,,,,,,,,,"Ask the lift company for its logbook\n=cmd <script>"`);
    expect(lines[2]!.endsWith(',,')).toBe(true);
    expect(lines.find((l) => l.startsWith('Plenary,action,a1'))!.endsWith(`,'@联系房管所 first`)).toBe(true);
  });

  it('Markdown: under its theme as a quote, and per action after the table, escaped, with the label in the chosen language', () => {
    const md = toMarkdown(withAdvice());
    expect(md).toContain('> Expert advice: Ask the lift company for its logbook');
    expect(md).toContain('> Expert advice: =cmd \\<script\\>');
    expect(md).toContain('#### Expert advice: -1 floor drain\n\n- @联系房管所 first');
    expect(md).not.toMatch(/<script>/);
    expect(toMarkdown(withAdvice(), 'zh-CN')).toContain('> 专家建议: Ask the lift company for its logbook');
    // Without advice, nothing is added.
    expect(toMarkdown(results())).not.toContain('Expert advice');
  });
});

describe('toMarkdown', () => {
  it('escapes participant text (no markup, no HTML, one line) and lays out themes, votes, actions and the record', () => {
    const md = toMarkdown(results());
    expect(md).toContain('# Lift 电梯');
    expect(md).toContain('Published: 2024-05-01 08:30 UTC');
    expect(md).toContain('- Broken \\<b\\>lift\\</b\\> \\| again');
    expect(md).toContain('- @everyone look');
    expect(md).toContain('| 1 | concern | Broken \\<b\\>lift\\</b\\> \\| again | 4 |');
    expect(md).toContain('| -1 floor drain | Office 办公室 | 2024-04-01 | in progress | yes |');
    expect(md).toContain('(owner: Housing office) [in progress] Started');
    expect(md).toContain('Participants: 3 · Residents: 2');
    expect(md).not.toMatch(/<b>/);
    expect(toMarkdown(results({ publishedAt: null }))).toContain('Published: not published');
    expect(toMarkdown(results({ boards: [{ ...results().boards[0]!, tallies: null }] }), 'zh-CN')).toContain('投票结果尚未公布。');
  });
  it('markdownText escapes markup characters and folds line breaks', () => {
    expect(markdownText('*a*\r\n_b_ [c](d) `e` #f')).toBe('\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\#f');
  });
  it('markdownText leaves no way to a link or HTML: link and image syntax, raw tags, and the bare URLs and e-mail addresses GFM would link', () => {
    const hostile = '[x](javascript:alert(1)) ![i](http://evil.example/p.png) <img src=x onerror=alert(1)> <https://evil.example> see https://evil.example/a, WWW.evil.example or me@evil.example';
    const md = markdownText(hostile);
    expect(md).toBe('\\[x\\](javascript:alert(1)) !\\[i\\](http\\://evil.example/p.png) \\<img src=x onerror=alert(1)\\> \\<https\\://evil.example\\> see https\\://evil.example/a, WWW\\.evil.example or me\\@evil.example');
    // What a reader sees is the text itself; an @mention without a local part stays as typed.
    expect(markdownText('@everyone 10:30 a.b')).toBe('@everyone 10:30 a.b');
    const doc = toMarkdown(results({ title: 'see www.evil.example', boards: [{ ...results().boards[0]!, unthemedNotes: [{ id: 'n9', text: hostile }] }] }));
    const userLines = doc.split('\n').filter((l) => l.includes('evil'));
    expect(userLines).toHaveLength(2);
    for (const line of userLines) expect(line).not.toMatch(/(?<!\\)[<[]|(?<!\\):\/\/|www\.|(?<!\\)@evil/i);
  });
});
