/*
 * Types of the ECharts parts the server registers one by one (render-svg.ts).
 * ECharts ships these modules without declarations of their own; each one
 * exports the installer that `echarts/charts`, `echarts/components` and
 * `echarts/renderers` re-export under the names used here.
 */
declare module 'echarts/lib/chart/pie/install.js' {
  export { PieChart as install } from 'echarts/charts';
}
declare module 'echarts/lib/chart/bar/install.js' {
  export { BarChart as install } from 'echarts/charts';
}
declare module 'echarts/lib/component/title/install.js' {
  export { TitleComponent as install } from 'echarts/components';
}
declare module 'echarts/lib/component/tooltip/install.js' {
  export { TooltipComponent as install } from 'echarts/components';
}
declare module 'echarts/lib/component/legend/install.js' {
  export { LegendComponent as install } from 'echarts/components';
}
declare module 'echarts/lib/component/grid/install.js' {
  export { GridComponent as install } from 'echarts/components';
}
declare module 'echarts/lib/renderer/installSVGRenderer.js' {
  export { SVGRenderer as install } from 'echarts/renderers';
}
