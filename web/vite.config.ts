import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The server delivers dist/ with `script-src 'self'`: no inline scripts, no eval. vue-i18n's default
// (JIT) message compiler needs neither, and Vite puts its preload helper into a file, not inline.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Large libraries in their own files: cached across releases, loaded only by pages that use them.
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') || id.includes('vue-echarts'))
            return 'echarts'
          if (id.includes('node_modules/element-plus') || id.includes('@element-plus')) return 'element-plus'
          if (id.includes('node_modules/sm-crypto') || id.includes('node_modules/jsbn')) return 'sm-crypto'
          if (id.includes('node_modules/vue') || id.includes('node_modules/@vue') || id.includes('pinia') || id.includes('vue-router') || id.includes('vue-i18n') || id.includes('@intlify'))
            return 'vue'
          return undefined
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:18080' } },
})
