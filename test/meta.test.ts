// Metadata on short synthetic reports: which unit reported, for which year and period.
import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const meta = (text: string) => run(text).meta!;

describe('reporting unit', () => {
  it('settles a street name shared by many units with the county the text names', () => {
    const m = meta('和林格尔县城关镇2023年法治政府建设年度报告\n2023年，城关镇在县委县政府领导下，共调处矛盾纠纷86起。\n城关镇人民政府\n2024年1月15日\n');
    expect(m).toMatchObject({ province: '内蒙古自治区', city: '呼和浩特市', district: '和林格尔县', street: '城关镇', division_code: '150123100' });
  });

  it('leaves a street the text cannot settle empty and says why', () => {
    const m = meta('城关镇2023年法治政府建设年度报告\n2023年，城关镇坚持依法行政，共调处矛盾纠纷86起。\n');
    expect(m.street).toBe('');
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

  it('takes the report title line, not the breadcrumb', () => {
    const m = meta('您现在的位置 首页 > 政务公开 > 法治政府建设 > 宝安区\n深圳市宝安区松岗街道2020年法治政府建设年度报告\n2020年，松岗街道共调解纠纷12起。\n');
    expect(m.title).toBe('深圳市宝安区松岗街道2020年法治政府建设年度报告');
  });
});
