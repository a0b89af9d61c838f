import crypto from 'node:crypto';

/**
 * Keys for formats whose messages have no id (WhatsApp, QQ .txt, CSVs): a hash of what the
 * message is, plus how many identical messages came before it in the same chat. The same
 * message gets the same key in a re-export or an overlapping later export, so re-importing
 * adds nothing, while two identical "+1" lines in one minute stay two messages.
 */
export class ContentKeys {
  private readonly seen = new Map<string, number>();

  key(chatKey: string, sentAt: number, senderId: string, text: string): string {
    const base = crypto.createHash('sha1').update(`${chatKey}\u0000${sentAt}\u0000${senderId}\u0000${text}`).digest('base64url').slice(0, 20);
    const n = this.seen.get(base) ?? 0;
    this.seen.delete(base);
    this.seen.set(base, n + 1);
    // Identical messages sit close together; forgetting the oldest keeps memory flat on huge files.
    if (this.seen.size > 100_000) this.seen.delete(this.seen.keys().next().value!);
    return n === 0 ? `h:${base}` : `h:${base}:${n}`;
  }
}
