// The charts library (recharts under @mantine/charts) in a chunk of its own: results.tsx loads it
// when results are first shown, so a phone that has not seen results has not downloaded it.
import { BarChart } from "@mantine/charts";

export default BarChart;
