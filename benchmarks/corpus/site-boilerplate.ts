/**
 * Dresses a rendered post as real sites do, chosen by the SHA-256 of its id: a leading blank line or not, a
 * promo block, an editor line, a <style> block, HTML comments. Pure; the reference text is not its business.
 */
import { createHash } from 'node:crypto';

/** Which decorations a post got (for the corpus summary). */
export interface Decorations {
  leadingBlankLine: boolean;
  promo: boolean;
  editor: boolean;
  style: boolean;
  comments: boolean;
}

// One promo for the whole site (as real sites have), but editors vary from post to post.
const PROMO = '海量资讯、精准解读，尽在新浪财经APP';
const EDITORS = ['王晓明', '李娜', '张伟', 'SF183'];
const STYLE_BLOCK = '<style>.appendQr_wrap{margin:12px 0}.appendQr_normal_txt{color:#666;font-size:14px}.article-editor{text-align:right}</style>';

function pick(items: readonly string[], byte: number): string {
  return items[byte % items.length] ?? '';
}

/** Which decorations `id` gets: about one post in three for each, independently. */
export function decorationsFor(id: string): Decorations {
  const digest = createHash('sha256').update(`boilerplate:${id}`).digest();
  const byte = (i: number): number => digest[i] ?? 0;
  return {
    leadingBlankLine: byte(0) % 3 === 0,
    promo: byte(1) % 3 === 0,
    editor: byte(2) % 3 === 0,
    style: byte(3) % 4 === 0,
    comments: byte(4) % 4 === 0,
  };
}

/**
 * The post file with its decorations. `fileText` is hexo-post's output: a blank line, the front
 * matter between `---` lines, then the body.
 *
 * @example
 * decoratePost('a', "\n---\ntitle: x\n---\n<p>x</p>\n").fileText // maybe '---\ntitle: x\n---\n<p>x</p>\n<p class="article-editor">…'
 */
export function decoratePost(id: string, fileText: string): { fileText: string; decorations: Decorations } {
  const decorations = decorationsFor(id);
  const digest = createHash('sha256').update(`boilerplate-text:${id}`).digest();
  const withoutBlank = fileText.startsWith('\n') ? fileText.slice(1) : fileText;
  const bodyStart = withoutBlank.indexOf('\n---\n', 3) + '\n---\n'.length;
  if (bodyStart < '\n---\n'.length) throw new Error(`post ${id} has no front matter to decorate`);
  const frontMatter = withoutBlank.slice(0, bodyStart);
  let body = withoutBlank.slice(bodyStart);
  if (decorations.comments) body = `<!-- 正文开始 -->\n${body}<!-- 正文结束 adsbygoogle 推荐阅读 -->\n`;
  if (decorations.style) body = `${STYLE_BLOCK}\n${body}`;
  if (decorations.editor) body += `<p class="article-editor">责任编辑：${pick(EDITORS, digest[0] ?? 0)}</p>\n`;
  if (decorations.promo) {
    body += `<div class="appendQr_wrap"><div class="appendQr_normal_txt">${PROMO}</div></div>\n`;
  }
  return { fileText: `${decorations.leadingBlankLine ? '\n' : ''}${frontMatter}${body}`, decorations };
}

/** Every boilerplate string this module can add, for telling apart why a post matched. */
export const BOILERPLATE_TEXTS: readonly string[] = [
  STYLE_BLOCK,
  '正文开始',
  '正文结束 adsbygoogle 推荐阅读',
  ...EDITORS.map((name) => `责任编辑：${name}`),
  PROMO,
];
