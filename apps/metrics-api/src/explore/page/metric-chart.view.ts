import uPlot from 'uplot';
import { dateToUtcMs } from './local-calendar.util';
import type { Granularity } from './explore-state';
import type { SeriesPoint } from './metric-text.format';
import { formatTick, formatValue, NO_VALUE, type ValueKind } from './metric-value.format';

const HEIGHT = 220;
const MIN_TICK_SPACING_PX = 76;
/** Counts are integers: no tick at 0.5. */
const INTEGER_STEPS = Array.from({ length: 16 }, (_, power) =>
  [1, 2, 5].map((step) => step * 10 ** power),
).flat();
// One bar per bucket, with a dot on its value: a zero bucket shows as a dot on the axis, not as nothing.
const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });

export interface ChartInput {
  title: string;
  granularity: Granularity;
  series: SeriesPoint[];
  exact: boolean;
  kind: ValueKind;
}

interface Theme {
  line: string;
  fill: string;
  grid: string;
  axis: string;
}

/** The chart colours come from the stylesheet, so light and dark follow prefers-color-scheme. */
function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return {
    line: read('--chart-line'),
    fill: read('--chart-fill'),
    grid: read('--chart-grid'),
    axis: read('--text-muted'),
  };
}

function tickLabeler(granularity: Granularity): Intl.DateTimeFormat {
  // Bucket starts are calendar dates placed at midnight UTC: they are read back in UTC, never in the browser's zone.
  return new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    ...(granularity === 'month' ? { month: 'short', year: 'numeric' } : { month: 'short', day: 'numeric' }),
  });
}

/** Ticks on bucket starts only, every n-th one so that labels never overlap. */
function bucketSplits(xs: number[]): uPlot.Axis.Splits {
  return (self) => {
    const width = self.bbox.width / uPlot.pxRatio;
    const fit = Math.max(1, Math.floor(width / MIN_TICK_SPACING_PX));
    const step = Math.ceil(xs.length / fit);
    return xs.filter((_, i) => i % step === 0);
  };
}

const IDLE_READOUT = 'Point at a bar to read its value; the table below lists them all.';

function options(
  input: ChartInput,
  xs: number[],
  width: number,
  theme: Theme,
  readout: HTMLElement,
): uPlot.Options {
  const ticks = tickLabeler(input.granularity);
  const axis = {
    stroke: theme.axis,
    grid: { stroke: theme.grid, width: 1 },
    ticks: { stroke: theme.grid, width: 1 },
    font: '12px system-ui, sans-serif',
  };
  // Half a bucket of room on each side, so the first and last points are not cut by the frame.
  const pad = xs.length > 1 ? (xs[xs.length - 1] - xs[0]) / (xs.length - 1) / 2 : 43_200;
  return {
    width,
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    // One line under the plot instead of uPlot's legend table, which wraps on a narrow screen.
    legend: { show: false },
    hooks: {
      setCursor: [
        (self) => {
          const point = self.cursor.idx == null ? undefined : input.series[self.cursor.idx];
          readout.textContent = !point
            ? IDLE_READOUT
            : point.value === null
              ? `${point.start}: ${NO_VALUE} (no visits)`
              : `${point.start}: ${formatValue(point.value, input.kind)}${input.exact ? '' : ' (may be an estimate)'}`;
        },
      ],
    },
    scales: {
      // From the buckets themselves: uPlot widens a single time point to a day on its right before this runs.
      x: { time: true, range: () => (xs.length === 0 ? [0, 1] : [xs[0] - pad, xs[xs.length - 1] + pad]) },
      y: { range: (_self, _min, max) => [0, max > 0 ? uPlot.rangeNum(0, max, 0.1, true)[1] : 1] },
    },
    axes: [
      {
        ...axis,
        size: 36,
        splits: bucketSplits(xs),
        values: (_self, splits) => splits.map((seconds) => ticks.format(new Date(seconds * 1000))),
      },
      {
        ...axis,
        size: input.kind === 'seconds' ? 72 : 56,
        // Ratios and seconds take uPlot's own steps, fractions included.
        incrs: input.kind === 'count' ? INTEGER_STEPS : undefined,
        values: (_self, splits) => splits.map((value) => formatTick(value, input.kind)),
      },
    ],
    series: [
      {},
      {
        label: input.title,
        stroke: theme.line,
        fill: theme.fill,
        width: 1.5,
        paths: bars,
        // A dashed outline says "estimate" to those who look at the shape; the text around it says it in words.
        // A null value (a ratio without visits) draws neither bar nor dot: a gap, not a zero.
        dash: input.exact ? undefined : [5, 3],
        points: { show: true, size: 6, fill: theme.line, stroke: theme.line },
      },
    ],
  };
}

/** One uPlot chart in `container`, resized with it and redrawn when the colour scheme changes. */
export class MetricChart {
  private plot: uPlot | undefined;
  private readonly readout: HTMLElement;
  private readonly resize = new ResizeObserver(() => this.fit());
  private readonly scheme = matchMedia('(prefers-color-scheme: dark)');
  private readonly redraw = () => this.draw();

  constructor(
    private readonly container: HTMLElement,
    private readonly input: ChartInput,
  ) {
    this.readout = document.createElement('p');
    this.readout.className = 'chart-readout';
    this.readout.textContent = IDLE_READOUT;
    this.draw();
    container.append(this.readout);
    this.resize.observe(container);
    this.scheme.addEventListener('change', this.redraw);
  }

  destroy(): void {
    this.resize.disconnect();
    this.scheme.removeEventListener('change', this.redraw);
    this.plot?.destroy();
    this.readout.remove();
  }

  private draw(): void {
    this.plot?.destroy();
    const xs = this.input.series.map((point) => dateToUtcMs(point.start) / 1000);
    const ys = this.input.series.map((point) => point.value);
    const chartOptions = options(this.input, xs, this.width(), readTheme(), this.readout);
    this.plot = new uPlot(chartOptions, [xs, ys], (plot, init) => {
      // Before the readout line, also when redrawn for a change of colour scheme.
      this.container.prepend(plot.root);
      init();
    });
  }

  private fit(): void {
    const width = this.width();
    if (this.plot && Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: HEIGHT });
  }

  private width(): number {
    return Math.max(200, Math.floor(this.container.clientWidth));
  }
}
