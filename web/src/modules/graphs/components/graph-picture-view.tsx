import { useEffect, useId, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { useNavigate } from 'react-router';
import { inventoryType, itemPath } from '../../inventory/inventory-types.ts';
import { edgeText, typeLabel } from '../graph-labels.ts';
import { boxExit, centerOf, edgeKey, fitView, pathToRoots, typesOf, visiblePart, zoomAt, type Picture, type PictureEdge, type PictureNode, type View } from '../graph-picture.ts';

const ZOOM_STEP = 1.25;
const TYPE_TONES = 8;

export interface GraphPictureViewProps {
  picture: Picture;
  /** Pixels the frame is tall. */
  height?: number;
  /** A small picture: no type filter, no zoom buttons. */
  compact?: boolean;
  label: string;
  testId?: string;
}

interface Tooltip {
  text: string;
  x: number;
  y: number;
}

function toneOf(type: string, types: readonly string[]): number {
  return Math.max(0, types.indexOf(type)) % TYPE_TONES;
}

function nodeText(node: PictureNode): string {
  const room = Math.max(4, Math.floor(node.width / 7.5));
  return node.name.length > room ? `${node.name.slice(0, room - 1)}…` : node.name;
}

/**
 * The interactive picture of a graph: its items where the layout put them and
 * the relations between them. Drag to move, wheel or buttons to zoom; an
 * edge's kind and ends show on hover; pointing at an item (or focusing it)
 * lights its way back to the roots; clicking it opens its page; a type
 * filter hides the types unchecked.
 */
export function GraphPictureView({ picture, height = 480, compact = false, label, testId = 'graph-picture' }: GraphPictureViewProps) {
  const id = useId();
  const navigate = useNavigate();
  const frameRef = useRef<HTMLDivElement>(null);
  const allTypes = useMemo(() => typesOf(picture.nodes), [picture.nodes]);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [view, setView] = useState<View>({ x: 0, y: 0, scale: 1 });
  const [selected, setSelected] = useState<string | null>(null);
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);
  const drag = useRef<{ x: number; y: number; view: View; moved: boolean } | null>(null);

  const visible = useMemo(() => visiblePart(picture.nodes, picture.edges, hidden), [picture.nodes, picture.edges, hidden]);
  const byId = useMemo(() => new Map(visible.nodes.map((node) => [node.id, node])), [visible.nodes]);
  const path = useMemo(() => (selected && byId.has(selected) ? pathToRoots(selected, visible.nodes, visible.edges) : null), [selected, byId, visible]);

  function fit() {
    const frame = frameRef.current;
    if (frame) setView(fitView(picture, { width: frame.clientWidth, height: frame.clientHeight }));
  }

  // Fit once the frame has its size, and again for another picture.
  useEffect(() => {
    const frame = frameRef.current;
    if (frame) setView(fitView(picture, { width: frame.clientWidth, height: frame.clientHeight }));
  }, [picture]);

  // A wheel zooms the picture, not the page: listened to without `passive`.
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    function onWheel(event: WheelEvent) {
      event.preventDefault();
      const box = frame!.getBoundingClientRect();
      setView((current) => zoomAt(current, event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, { x: event.clientX - box.left, y: event.clientY - box.top }));
    }
    frame.addEventListener('wheel', onWheel, { passive: false });
    return () => frame.removeEventListener('wheel', onWheel);
  }, []);

  function zoomCenter(factor: number) {
    const frame = frameRef.current;
    if (frame) setView((current) => zoomAt(current, factor, { x: frame.clientWidth / 2, y: frame.clientHeight / 2 }));
  }

  function onPointerDown(event: ReactPointerEvent<SVGSVGElement>) {
    if (event.button !== 0 || (event.target as Element).closest('[data-node]')) return;
    drag.current = { x: event.clientX, y: event.clientY, view, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  }

  function onPointerMove(event: ReactPointerEvent<SVGSVGElement>) {
    const start = drag.current;
    if (!start) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) start.moved = true;
    setView({ ...start.view, x: start.view.x + dx, y: start.view.y + dy });
  }

  function onPointerUp() {
    drag.current = null;
  }

  function showEdge(edge: PictureEdge, event: { clientX: number; clientY: number }) {
    const frame = frameRef.current;
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!frame || !from || !to) return;
    const box = frame.getBoundingClientRect();
    setTooltip({ text: edgeText(edge.kind, from.name, to.name), x: event.clientX - box.left + 12, y: event.clientY - box.top + 12 });
  }

  function open(node: PictureNode) {
    const def = inventoryType(node.type);
    if (def) navigate(itemPath(def, node.id));
  }

  return (
    <div className={`graph-picture${compact ? ' graph-picture--compact' : ''}`} data-testid={testId}>
      {!compact ? (
        <div className="graph-picture__tools">
          <fieldset className="graph-picture__types" data-testid="graph-type-filter">
            <legend className="field__label">Types shown</legend>
            {allTypes.map((type) => (
              <label key={type} className="graph-picture__type">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={!hidden.has(type)}
                  onChange={(event) =>
                    setHidden((current) => {
                      const next = new Set(current);
                      if (event.target.checked) next.delete(type);
                      else next.add(type);
                      return next;
                    })
                  }
                />
                <span className={`graph-swatch graph-tone-${toneOf(type, allTypes)}`} aria-hidden="true" />
                {typeLabel(type)}
              </label>
            ))}
          </fieldset>
          <div className="graph-picture__zoom" role="group" aria-label="Zoom">
            <button type="button" className="button button--small" onClick={() => zoomCenter(ZOOM_STEP)} aria-label="Zoom in">
              +
            </button>
            <button type="button" className="button button--small" onClick={() => zoomCenter(1 / ZOOM_STEP)} aria-label="Zoom out">
              −
            </button>
            <button type="button" className="button button--small" onClick={fit}>
              Fit
            </button>
            <span className="muted graph-picture__scale" data-testid="graph-scale">
              {Math.round(view.scale * 100)}%
            </span>
          </div>
        </div>
      ) : null}
      <div className="graph-picture__frame" ref={frameRef} style={{ height }} onMouseLeave={() => setTooltip(null)}>
        <svg
          className="graph-picture__svg"
          role="group"
          aria-label={label}
          aria-describedby={`${id}-help`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerUp}
          data-scale={view.scale}
        >
          <defs>
            <marker id={`${id}-arrow`} viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="graph-picture__arrow" />
            </marker>
          </defs>
          <g transform={`translate(${view.x} ${view.y}) scale(${view.scale})`}>
            {visible.edges.map((edge) => {
              const from = byId.get(edge.from)!;
              const to = byId.get(edge.to)!;
              const start = boxExit(from, centerOf(to));
              const end = boxExit(to, centerOf(from));
              const key = edgeKey(edge);
              const lit = path?.edges.has(key) ?? false;
              return (
                <g
                  key={key}
                  className={`graph-edge${lit ? ' graph-edge--lit' : ''}${path && !lit ? ' graph-edge--dim' : ''}`}
                  data-testid="graph-edge"
                  data-kind={edge.kind}
                  data-from={from.name}
                  data-to={to.name}
                  onMouseEnter={(event) => showEdge(edge, event)}
                  onMouseMove={(event) => showEdge(edge, event)}
                  onMouseLeave={() => setTooltip(null)}
                >
                  <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} className="graph-edge__line" markerEnd={`url(#${id}-arrow)`} />
                  <line x1={start.x} y1={start.y} x2={end.x} y2={end.y} className="graph-edge__hit" />
                  <title>{edgeText(edge.kind, from.name, to.name)}</title>
                </g>
              );
            })}
            {visible.nodes.map((node) => {
              const lit = path?.nodes.has(node.id) ?? false;
              return (
                <g
                  key={node.id}
                  data-node={node.id}
                  className={`graph-node graph-tone-${toneOf(node.type, allTypes)}${node.root ? ' graph-node--root' : ''}${lit ? ' graph-node--lit' : ''}${path && !lit ? ' graph-node--dim' : ''}${selected === node.id ? ' graph-node--selected' : ''}`}
                  transform={`translate(${node.x} ${node.y})`}
                  role="link"
                  tabIndex={0}
                  aria-label={`${typeLabel(node.type)}: ${node.name}`}
                  data-testid="graph-node"
                  data-name={node.name}
                  data-type={node.type}
                  data-lit={lit}
                  onMouseEnter={() => setSelected(node.id)}
                  onFocus={() => setSelected(node.id)}
                  onClick={() => open(node)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') open(node);
                    if (event.key === 'Escape') setSelected(null);
                  }}
                >
                  <rect width={node.width} height={node.height} rx={6} className="graph-node__box" />
                  <text x={8} y={node.height / 2 - 4} className="graph-node__type" aria-hidden="true">
                    {typeLabel(node.type)}
                  </text>
                  <text x={8} y={node.height / 2 + 10} className="graph-node__name" aria-hidden="true">
                    {nodeText(node)}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
        {tooltip ? (
          <div className="graph-picture__tooltip" role="tooltip" style={{ left: tooltip.x, top: tooltip.y }} data-testid="graph-edge-tooltip">
            {tooltip.text}
          </div>
        ) : null}
      </div>
      <p id={`${id}-help`} className="field__hint">
        {compact ? 'Point at an item to light its way back; click to open it.' : 'Drag to move, wheel or buttons to zoom. Point at an item (or tab to it) to light its way back to the roots; click it (or Enter) to open its page; point at an arrow for its kind.'}
      </p>
    </div>
  );
}
