// The ledger's entry kinds are codes in the API; the interface shows them in Chinese.
export const ledgerKindZh: Record<string, string> = { award: '奖励', supplement: '补发', clawback: '追回' }

export function ledgerKindLabel(kind: string): string {
  return ledgerKindZh[kind] ?? kind
}
