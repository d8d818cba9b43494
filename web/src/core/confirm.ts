import { ElMessageBox } from 'element-plus'

/** Asks before an irreversible step (approve, publicize, disburse, ...); resolves true if confirmed. */
export async function confirmStep(title: string, message: string, confirmText = '确定'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'warning',
      confirmButtonText: confirmText,
      cancelButtonText: '取消',
      distinguishCancelAndClose: true,
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}

/** Asks for a reason (withdrawing a publicized run, deciding an objection): at least `min` characters; null if cancelled. */
export async function promptReason(title: string, message: string, confirmText = '确定', min = 4, invalid = '请至少填写4个字'): Promise<string | null> {
  try {
    const r = await ElMessageBox.prompt(message, title, {
      type: 'warning',
      confirmButtonText: confirmText,
      cancelButtonText: '取消',
      distinguishCancelAndClose: true,
      inputType: 'textarea',
      inputValidator: (v: string) => [...(v ?? '').trim()].length >= min,
      inputErrorMessage: invalid,
      autofocus: false,
    })
    return (r as { value: string }).value.trim()
  } catch {
    return null
  }
}
