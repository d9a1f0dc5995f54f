/** A QR code as one SVG path (crisp at any projector size). Only the big screen's chunk loads the encoder. */
import { useMemo } from 'preact/hooks';
import { encode } from 'uqr';

/** The dark modules of `text`'s QR code as an SVG path, with the code's size (modules, quiet zone included). */
export function qrPath(text: string): { d: string; size: number } {
  // M: survives a smudged or partly covered projection better than L, still a small code for a short URL.
  const qr = encode(text, { ecc: 'M', border: 4 });
  let d = '';
  qr.data.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x += 1;
      d += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  });
  return { d, size: qr.size };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const { d, size } = useMemo(() => qrPath(text), [text]);
  return (
    <svg class="bs-qr" role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
