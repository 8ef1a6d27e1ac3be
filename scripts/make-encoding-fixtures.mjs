// Regenerates fixtures/encodings/ from a seed: a GB18030 copy and a saved-web-page copy.
// Run: node scripts/make-encoding-fixtures.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';

const seed = '000_c90d8c21b93b550a.txt';
const text = readFileSync(`fixtures/reports/${seed}`, 'utf8');
writeFileSync('fixtures/encodings/000_gb18030.txt', iconv.encode(text, 'gb18030'));
writeFileSync('fixtures/encodings/000_utf8_bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
writeFileSync('fixtures/encodings/000_utf16le_bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
// full-width digits and punctuation, as many pages have them
const wide = text.replace(/[0-9%,():;]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
writeFileSync('fixtures/encodings/000_fullwidth.txt', wide);

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paras = text.split('\n').map((l) => `      <p>${esc(l)}</p>`).join('\n');
const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="gb2312">
  <title>招商街道2022年法治政府建设年度报告_深圳市南山区人民政府</title>
  <style>.nav { color: red } p { margin: 0 }</style>
  <script>var views = 12345; document.title = "2022年度";</script>
</head>
<body>
  <div class="nav">首页 &gt; 政务公开 &gt; 法治政府建设 <a href="#">English</a></div>
  <div class="breadcrumb">您现在的位置：首页 &gt; 法治政府建设</div>
  <div class="content">
${paras}
  </div>
  <div class="footer">版权所有 © 2023 深圳市南山区人民政府 ICP备案号 粤ICP备12345678号 访问量 98765 次</div>
</body>
</html>
`;
writeFileSync('fixtures/encodings/000_saved_page.html', iconv.encode(html, 'gb18030'));
console.log('fixtures/encodings written');
