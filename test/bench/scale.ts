// The scale parts of the bench on their own: `tsx test/bench/scale.ts [history] [laptop]`.
import { benchHistory } from './history-scale';
import { benchLaptop } from './laptop-cost';

const parts = process.argv.slice(2);
const out: Record<string, number> = {};
if (parts.length === 0 || parts.includes('history')) Object.assign(out, await benchHistory(5, console.log));
if (parts.length === 0 || parts.includes('laptop')) Object.assign(out, await benchLaptop());
console.log(JSON.stringify(out));
process.exit(0);
