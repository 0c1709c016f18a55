/** Short values (regions, zones, tags) as a list of chips; an em dash when there are none. */
export function Chips({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="chips">
      {items.map((item) => (
        <li key={item} className="chip">
          {item}
        </li>
      ))}
    </ul>
  );
}
