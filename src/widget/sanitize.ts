/**
 * Reduces the server's highlight HTML (`titleHtml`, `snippetHtml`) to text and <mark> runs.
 * Whatever else the markup holds is dropped and only its text kept, so a bug or an attack on the
 * server can never put elements or attributes into the page. Pure: the caller supplies the parser
 * (an inert <template> in the browser) and builds the DOM from the segments.
 */

/** The slice of the DOM Node interface the walk reads; a <template>'s content satisfies it. */
export interface HighlightNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly nodeValue: string | null;
  readonly childNodes: ArrayLike<HighlightNode>;
}

/** A run of text, marked (a query match) or not. Adjacent segments always differ in `marked`. */
export interface HighlightSegment {
  text: string;
  marked: boolean;
}

const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const ELEMENT_NODE = 1;
const DOCUMENT_FRAGMENT_NODE = 11;

/**
 * Text and <mark> runs of a parsed highlight; comments are dropped, other elements keep only their text,
 * nested marks flatten into one.
 *
 * @example highlightSegments(parse('a<mark>b</mark><img src=x onerror=alert(1)>c'))
 * // [{text: 'a', marked: false}, {text: 'b', marked: true}, {text: 'c', marked: false}]
 */
export function highlightSegments(root: HighlightNode): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  const push = (text: string, marked: boolean): void => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last !== undefined && last.marked === marked) last.text += text;
    else segments.push({ text, marked });
  };
  const walk = (node: HighlightNode, marked: boolean): void => {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      push(node.nodeValue ?? '', marked);
      return;
    }
    if (node.nodeType !== ELEMENT_NODE && node.nodeType !== DOCUMENT_FRAGMENT_NODE) return;
    const inMark = marked || node.nodeName.toUpperCase() === 'MARK';
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child !== undefined) walk(child, inMark);
    }
  };
  walk(root, false);
  return segments;
}

/** The plain text of segments (what a screen reader or a fallback title shows). */
export function segmentsText(segments: readonly HighlightSegment[]): string {
  return segments.map((segment) => segment.text).join('');
}
