// The floor under a one-report run, from the project's fixed choices alone: Node itself, one
// worker thread (documents run on workers even for one file: that is what lets a run give up a
// document that stalls or exhausts memory, issue 15) and nodejieba, the declared tokenizer,
// loading the build's dictionary and the domain's user dictionary before one cut. Nothing of
// lawreport's own: a one-report run cannot be faster or smaller than this.
import { Worker } from 'node:worker_threads';

const root = new URL('..', import.meta.url).pathname;
const worker = new Worker(
  `const { parentPort, workerData: { root } } = require('node:worker_threads');
  const jieba = require(root + 'node_modules/nodejieba');
  const dir = root + 'dist/jieba/';
  jieba.load({ dict: dir + 'dict.utf8', idfDict: dir + 'idf.utf8', stopWordDict: dir + 'stop_words.utf8', userDict: root + 'rules/lexicon/jieba-user.utf8' });
  jieba.cut('全年共调解矛盾纠纷1200件', true);
  parentPort.postMessage('ok');`,
  { eval: true, workerData: { root } },
);
worker.once('message', () => worker.terminate());
