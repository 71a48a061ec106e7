// The scale parts of the bench on their own: `tsx test/bench/scale.ts [history] [laptop]`.
import { benchScale } from './scale-parts';

const asked = process.argv.slice(2);
const out = await benchScale(
  (name, value, note) => console.log(`${name}  ${value}  ${note}`),
  asked.length > 0 ? asked : ['history', 'team-history', 'laptop'],
);
console.log(JSON.stringify(out));
process.exit(0);
