// Years written in Chinese digits: 二〇二三 -> 2023.
const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

export function chineseYear(s: string): number | null {
  let v = 0;
  for (const ch of s) {
    const d = DIGITS[ch];
    if (d === undefined) return null;
    v = v * 10 + d;
  }
  return v >= 1900 && v <= 2100 ? v : null;
}
