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
