/**
 * Pictures of dependency graphs, pure functions (no database): the layout
 * (elkjs, in the worker), the SVG written from it, the PNG drawn from that
 * SVG, and the DOT and JSON exports.
 */
export type { GraphNode, GraphEdge, GraphPicture, LaidOutNode, LaidOutEdge, GraphLayout } from './types.js';
export { layoutGraph, MAX_LAID_OUT_NODES, MAX_LAID_OUT_EDGES, NICE_MAX_SIZE } from './layout.js';
export { graphSvg } from './svg.js';
export { graphPng, MAX_PNG_WIDTH } from './png.js';
export { graphDot, graphJson } from './export.js';
