import crypto from 'node:crypto';

/**
 * Keys for formats whose messages have no id (WhatsApp, QQ .txt, CSVs): a hash of what the
 * message is, plus how many identical messages came before it in the same chat. The same
 * message gets the same key in a re-export or an overlapping later export, so re-importing
 * adds nothing, while two identical "+1" lines in one minute stay two messages.
 */
export class ContentKeys {
  // Two generations: lookups check both; when the current one fills, the older is dropped.
  // Identical messages sit close together, so forgetting old ones keeps memory flat on huge
  // files, and every step stays constant-time.
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  key(chatKey: string, sentAt: number, senderId: string, text: string): string {
    const base = crypto.createHash('sha1').update(`${chatKey}\u0000${sentAt}\u0000${senderId}\u0000${text}`).digest('base64url').slice(0, 20);
    const n = this.current.get(base) ?? this.previous.get(base) ?? 0;
    this.current.set(base, n + 1);
    if (this.current.size >= 100_000) {
      this.previous = this.current;
      this.current = new Map();
    }
    return n === 0 ? `h:${base}` : `h:${base}:${n}`;
  }
}
