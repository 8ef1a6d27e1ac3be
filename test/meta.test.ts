// Metadata on short synthetic reports: which unit reported, for which year and period.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleFile, type RuleError } from '../src/rules/load.js';
import { ROOT, run } from './helpers.js';

const meta = (text: string) => run(text).meta!;

describe('reporting unit', () => {
  it('settles a street name shared by many units with the county the text names', () => {
    const m = meta('和林格尔县城关镇2023年法治政府建设年度报告\n2023年，城关镇在县委县政府领导下，共调处矛盾纠纷86起。\n城关镇人民政府\n2024年1月15日\n');
    expect(m).toMatchObject({ province: '内蒙古自治区', city: '呼和浩特市', district: '和林格尔县', street: '城关镇', division_code: '150123100' });
  });

  it('leaves the district of a street the text cannot settle empty and says why', () => {
    const m = meta('城关镇2023年法治政府建设年度报告\n2023年，城关镇坚持依法行政，共调处矛盾纠纷86起。\n');
    expect(m.street).toBe('城关镇'); // every reading agrees on the name itself
    expect(m.district).toBe('');
    expect(m.division_code).toBe('');
    expect(m.meta_note).toMatch(/城关镇 names \d+ units .* the text does not say which/);
    expect(run('城关镇2023年法治政府建设年度报告\n2023年，城关镇共调处纠纷8起。\n').diagnostics.map((d) => d.code)).toContain('AMBIGUOUS_DIVISION');
  });

  it('settles 南山区 (Shenzhen or Hegang) with the city the text names', () => {
    expect(meta('鹤岗市南山区2022年法治政府建设情况报告\n2022年，全区共办理行政复议案件12宗。\n')).toMatchObject({ city: '鹤岗市', district: '南山区', street: '', division_code: '230404' });
    expect(meta('南山区2022年法治政府建设情况报告\n2022年，深圳市南山区共办理行政复议案件12宗。\n')).toMatchObject({ city: '深圳市', district: '南山区', division_code: '440305' });
  });

  it('reads a district-level report (全区, 我区) as the district, with no street', () => {
    const m = meta('宝安区2023年法治政府建设年度报告\n2023年，我区深入推进法治政府建设，全区各街道共调处纠纷7000余宗，其中松岗、沙井等街道……\n');
    expect(m).toMatchObject({ province: '广东省', city: '深圳市', district: '宝安区', street: '', division_code: '440306' });
  });

  it('reads a city-level report as the city', () => {
    const m = meta('宁波市2023年法治政府建设情况报告\n2023年，全市法律援助机构共办理案件1.2万件。\n');
    expect(m).toMatchObject({ province: '浙江省', city: '宁波市', district: '', street: '', division_code: '330200' });
  });

  it('does not let places mentioned in passing win over the reporting unit', () => {
    const m = meta('宝安区2024年上半年法治政府建设工作总结\n一是开展全区述法。二是积极探索与汕头市潮南区、澄海区委依法治区办结对提升工作机制。宝安区行政争议多元化解成效明显，宝安区企业合规建设稳步推进。\n');
    expect(m).toMatchObject({ city: '深圳市', district: '宝安区' });
  });

  it('reads the unit from the page chrome and the signature when there is no title', () => {
    const chrome = meta('发布机构: 江厦街道 发文日期: 2024-02-25\n2023年江厦街道在区委区政府领导下开展工作，共调解纠纷12起。\n');
    expect(chrome).toMatchObject({ district: '海曙区', street: '江厦街道', year: 2023 });
    const signed = meta('2020年，街道切实贯彻落实全面依法治区工作部署，共调解纠纷12起。\n松岗街道办事处\n2020年11月26日\n');
    expect(signed).toMatchObject({ district: '宝安区', street: '松岗街道' });
  });
});

describe('reporting unit: what the report says of itself', () => {
  it('does not read a place name inside a longer word (范县 in 示范县)', () => {
    const m = meta('2023年，全区共调解纠纷12起，成功创建全国法治政府建设示范县，示范县创建经验在全省推广。\n');
    expect(m.district).not.toBe('范县');
    expect(m.province).not.toBe('河南省');
  });

  it('does not read an everyday phrase as a place (老城区) unless its city is named too', () => {
    const alone = meta('2023年，我们加快老城区改造，老城区面貌焕然一新，全年共调解纠纷12起。\n');
    expect(alone.city).not.toBe('洛阳市');
    expect(alone.district).toBe('');
    const named = meta('2023年，洛阳市老城区坚持依法行政，老城区全年共调解纠纷12起。\n');
    expect(named).toMatchObject({ province: '河南省', city: '洛阳市', district: '老城区' });
  });

  it('takes the unit a government work report declares (我代表盐田区人民政府)', () => {
    const m = meta('各位代表：\n现在，我代表盐田区人民政府向大会报告工作，请予审议。\n一、2023年工作回顾\n过去一年，我们在市委市政府和区委的坚强领导下，推动梅沙片区、沙头角片区建设，深圳东部中心建设提速。\n');
    expect(m).toMatchObject({ province: '广东省', city: '深圳市', district: '盐田区', street: '', division_code: '440308', year: 2023, period: 'annual' });
  });

  it('reads 我代表区人民政府 as a district, named by its short form when the text never writes it whole', () => {
    const m = meta('各位代表：\n现在，我代表区人民政府向大会作政府工作报告，请予审议。\n一、2016年工作回顾\n2016年，盐田港吞吐量稳步增长，我们加快建设新盐田，深圳东部滨海城区建设提速，盐田人民生活持续改善。\n');
    expect(m).toMatchObject({ province: '广东省', city: '深圳市', district: '盐田区', year: 2016 });
    expect(m.meta_note).toMatch(/short form 盐田/);
  });

  it('counts a district\'s short form against a neighbour named once in passing', () => {
    const m = meta('同志们：\n现在，我代表区人民政府向大会作工作报告。\n一、2014年工作回顾\n全区生产总值增长8%（不含光明、龙华新区，下同）。宝安中心区建设提速，宝安女足获全国冠军，确保各项改革措施在宝安落地生根，深圳西部中心建设加快。\n');
    expect(m).toMatchObject({ city: '深圳市', district: '宝安区', year: 2014 });
  });

  it('reads the opening subject: a department belongs to the government above it', () => {
    expect(meta('2023年以来，静海区司法局坚持以习近平新时代中国特色社会主义思想为指导，全年受理行政复议申请129件。\n'))
      .toMatchObject({ province: '天津市', city: '天津市', district: '静海区', street: '' });
    expect(meta('2024年，在市委、政府的坚强领导下，市司法局深入学习贯彻习近平法治思想，在鄂尔多斯日报开设法治专栏，全年刊发报告48期。\n'))
      .toMatchObject({ province: '内蒙古自治区', city: '鄂尔多斯市', district: '' });
    expect(meta('上海市司法局2017年法治政府建设情况报告\n2017年，市司法局全面推进法治政府建设。\n'))
      .toMatchObject({ province: '上海市', city: '上海市', district: '' });
  });

  it('takes the subject, not the superior named beside it (文峰区委), and keeps a street the tables lack', () => {
    const m = meta('2025年，银杏大街街道在文峰区委、区政府和区法治政府建设领导小组的正确领导下，紧紧围绕基层治理开展工作。现将全年工作情况报告如下：\n');
    expect(m).toMatchObject({ province: '河南省', city: '安阳市', district: '文峰区', street: '银杏大街街道', division_code: '' });
    expect(m.meta_note).toMatch(/not in the division tables/);
  });

  it('reads the level a report speaks at (我镇) and the name the body gives at that level', () => {
    const m = meta('2023年，我镇始终围绕全镇经济社会发展实际，根据伊金霍洛旗法治政府建设的有关要求开展工作。一是强化伊金霍洛镇法治建设。\n');
    expect(m).toMatchObject({ district: '伊金霍洛旗', street: '伊金霍洛镇' });
  });

  it('uses a salutation to the superior to choose between units of one name, never as the unit', () => {
    expect(meta('鹤岗市人民政府：\n2022年，南山区坚持依法行政，共办理行政复议案件12宗。\n')).toMatchObject({ city: '鹤岗市', district: '南山区', division_code: '230404' });
    const parentOnly = meta('深圳市人民政府：\n2022年，我区坚持依法行政，共办理行政复议案件12宗。\n');
    expect(parentOnly.district).toBe('');
    expect(parentOnly.city).toBe('');
  });

  it('reads national and province reports: no city', () => {
    const national = meta('各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n过去一年，北京、上海、广东等地经济回升向好。\n');
    expect(national).toMatchObject({ province: '', city: '', district: '', street: '', division_code: '', year: 2023 });
    expect(national.meta_note).toMatch(/national/);
    const province = meta('各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2018年工作回顾\n2018年是广东改革发展史上具有重要意义的一年，珠海、深圳、广州等地加快发展，珠海横琴建设提速。\n');
    expect(province).toMatchObject({ province: '广东省', city: '', district: '', year: 2018 });
  });

  it('reads a ministry\'s report as national, and an autonomous prefecture by its short form (恩施州)', () => {
    const ministry = meta('司法部2023年法治政府建设年度报告\n2023年，司法部坚持以习近平法治思想为指导，全年办理行政复议案件120件。\n');
    expect(ministry).toMatchObject({ province: '', city: '', district: '', year: 2023 });
    expect(ministry.meta_note).toMatch(/national/);
    expect(meta('2023年，恩施州司法局坚持依法行政，全州共办理法律援助案件1200件。\n')).toMatchObject({ province: '湖北省', city: '恩施土家族苗族自治州', district: '' });
  });

  it('reads renamed units and functional areas through the alias table', () => {
    expect(meta('各位代表：\n现在，我代表坪山新区管委会向大会作工作报告，请予审议。\n一、2013年工作回顾\n')).toMatchObject({ city: '深圳市', district: '坪山区', division_code: '440310' });
    const dapeng = meta('各位代表：\n现在，我代表大鹏新区管理委员会向大会作报告，请予审议。\n一、2016年工作回顾\n');
    expect(dapeng).toMatchObject({ province: '广东省', city: '深圳市', district: '' });
    expect(dapeng.meta_note).toMatch(/functional area/);
  });

  it('leaves the fields two authoritative sources disagree on empty and says why', () => {
    const r = run('宁波市2023年法治政府建设情况报告\n2023年，盐田区坚持依法行政，共调解纠纷12起。\n');
    expect(r.meta).toMatchObject({ province: '', city: '', district: '', division_code: '' });
    expect(r.meta!.meta_note).toMatch(/different places/);
    expect(r.diagnostics.map((d) => d.code)).toContain('AMBIGUOUS_DIVISION');
  });

  it('falls back on the file name, weakly, when the text names no unit', () => {
    const text = '各位代表：\n现在，我代表区人民政府向大会作政府工作报告，请予审议。\n一、2022年工作回顾\n过去一年，我们坚持稳中求进。\n';
    const named = run(text, 'reports/盐田区2023年政府工作报告.txt').meta!;
    expect(named).toMatchObject({ district: '盐田区', year: 2022 });
    expect(named.meta_note).toMatch(/file name/);
    expect(run(text, 'reports/a.txt').meta!.district).toBe('');
  });
});

describe('document relevance', () => {
  it('flags a file with no sign of a government report, and still reads its figures', () => {
    const r = run('# lawreport\n\nlawreport reads reports and pulls out every figure they state. Example: the sentence 街道和社区共调解323宗案件 gives 323 cases.\n\n## Usage\n\nRun npm install, then npx lawreport extract.\n', 'README.md');
    expect(r.meta!.doc_type).toBe('not_report');
    expect(r.diagnostics.map((d) => d.code)).toContain('NOT_A_REPORT');
    expect(r.facts.some((f) => f.value === 323)).toBe(true);
  });

  it('does not flag a short report', () => {
    const r = run('2023年，城关镇坚持依法行政，共调处矛盾纠纷86起。\n');
    expect(r.meta!.doc_type).not.toBe('not_report');
    expect(r.diagnostics.map((d) => d.code)).not.toContain('NOT_A_REPORT');
  });
});

describe('year, period and type', () => {
  it('takes the year covered, not the year published', () => {
    const m = meta('索引号: 002945972/2024-64700\n发文日期: 2024-02-25\n江厦街道2023年度法治政府建设情况报告\n时间:2024-02-25 15:07\n2023年江厦街道共调解纠纷12起。\n');
    expect(m).toMatchObject({ year: 2023, period: 'annual', doc_type: 'annual_report', title: '江厦街道2023年度法治政府建设情况报告' });
  });

  it('takes the year from the opening when there is no title', () => {
    expect(meta('2022年在区委区政府的正确领导下，招商街道坚持依法行政。\n').year).toBe(2022);
  });

  it('falls back to the publication date, noting it', () => {
    const m = meta('发文日期: 2024-02-25\n街道法治政府建设年度工作情况如下：调解纠纷12起。\n');
    expect(m.year).toBe(2023);
    expect(m.meta_note).toMatch(/publication date/);
  });

  it.each([
    ['招商街道2024年上半年工作总结', 'H1', 'half_year_summary'],
    ['招商街道2024年前三季度法治政府建设工作总结', 'Q1-Q3', 'other'],
    ['招商街道2024年第一季度法治工作总结', 'Q1', 'other'],
    ['招商街道2024年第三季度工作总结', 'Q3', 'other'],
    ['招商街道2025年法治政府建设工作计划', 'annual', 'work_plan'],
  ])('%s → %s, %s', (title, period, docType) => {
    const m = meta(`${title}\n今年以来，街道共调解纠纷12起。\n`);
    expect(m.period).toBe(period);
    expect(m.doc_type).toBe(docType);
    expect(m.year).toBe(Number(/(\d{4})年/.exec(title)![1]));
  });

  it('takes the year a review heading names, not an earlier year the opening cites', () => {
    expect(meta('今年以来，赣州市司法局坚持依法行政，2021年赣州司法行政满意度列全省第四。\n一、2022年工作开展情况\n全年调解案件39728件。\n').year).toBe(2022);
    expect(meta('各位代表：\n现在，我代表坪山区政府筹备组向大会作工作报告。\n一、坪山新区成立以来的工作回顾\n2009年6月30日，坪山新区正式成立。\n二、2017年工作安排\n').year).toBe(2016);
  });

  it('reads a delivered government work report as covering the year before', () => {
    expect(meta('盐田区2017年政府工作报告\n各位代表：\n现在，我代表区人民政府向大会作政府工作报告。\n').year).toBe(2016);
    expect(meta('各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、过去五年工作回顾\n地区生产总值由2015年的1708亿元增至2020年的2375亿元。到2025年，力争再上新台阶。\n').year).toBe(2020);
  });

  it('reads no year from a range, and one from a cited title only as a last resort', () => {
    expect(meta('根据2021-2025年规划，街道共调解纠纷12起。\n').year).not.toBe(2025);
    const m = meta('一、上半年工作完成情况\n1.深化法治政府建设。审议通过《区委全面依法治区委员会2024年工作要点》等文件，上半年共调解纠纷12起。\n');
    expect(m).toMatchObject({ year: 2024, period: 'H1' });
    expect(m.meta_note).toMatch(/title the opening cites/);
  });

  it('leaves the period unknown for a news item that only reports progress so far', () => {
    expect(meta('人民网\n近年来，琅琊区司法局充分发挥职能作用。今年以来，琅琊区各类人民调解组织共调解案件1100件。\n').period).toBe('unknown');
    expect(meta('近日，井研县委依法治县办获评先进集体。\n2019年，全县司法行政工作以服务高质量发展为主线，共办理法律援助案件80件。\n').period).toBe('annual');
  });

  it('takes the report title line, not the breadcrumb', () => {
    const m = meta('您现在的位置 首页 > 政务公开 > 法治政府建设 > 宝安区\n深圳市宝安区松岗街道2020年法治政府建设年度报告\n2020年，松岗街道共调解纠纷12起。\n');
    expect(m.title).toBe('深圳市宝安区松岗街道2020年法治政府建设年度报告');
  });
});

describe('the wording is data (rules/meta/meta.yaml)', () => {
  const file = path.join(ROOT, 'rules', 'meta', 'meta.yaml');
  const source = readFileSync(file, 'utf8');
  const errorsOf = (text: string) => {
    const errors: RuleError[] = [];
    parseRuleFile(file, text, errors);
    return errors;
  };

  it('loads as it is', () => {
    expect(errorsOf(source)).toEqual([]);
  });

  it('refuses a declaration that captures no unit, naming where', () => {
    const broken = source.replace('我(?:谨)?代表(?<unit>', '我(?:谨)?代表(');
    expect(broken).not.toBe(source);
    expect(errorsOf(broken).map((e) => e.path)).toContain('unit -> declarations -> 0');
  });

  it('refuses an alias whose code is not a division code', () => {
    const broken = source.replace("{ name: 坪山新区, code: '440310' }", "{ name: 坪山新区, code: 'pingshan' }");
    expect(broken).not.toBe(source);
    expect(errorsOf(broken).map((e) => e.path)).toContain('unit -> aliases -> 0 -> code');
  });
});
