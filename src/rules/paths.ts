// Where the built-in rules live (the package's rules/ folder), for every module that needs
// it without loading the rule parser.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILTIN_RULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../rules');
