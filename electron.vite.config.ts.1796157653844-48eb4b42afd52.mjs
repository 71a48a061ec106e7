import "node:module";
import { resolve } from "node:path";
import { defineConfig } from "electron-vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
// electron.vite.config.ts
const alias = { "@shared": resolve(import.meta.dirname, "src-shared") };
var electron_vite_config_default = defineConfig({
	main: {
		resolve: { alias },
		build: {
			outDir: "out/main",
			rollupOptions: { input: { index: resolve(import.meta.dirname, "src-main/index.ts") } }
		}
	},
	preload: {
		resolve: { alias },
		build: {
			outDir: "out/preload",
			rollupOptions: {
				input: { preload: resolve(import.meta.dirname, "src-main/preload.ts") },
				output: {
					format: "cjs",
					entryFileNames: "[name].cjs"
				}
			}
		}
	},
	renderer: {
		root: "src-renderer",
		resolve: { alias },
		plugins: [svelte({ configFile: resolve(import.meta.dirname, "svelte.config.js") })],
		build: {
			outDir: "out/renderer",
			minify: true,
			chunkSizeWarningLimit: 700,
			rollupOptions: { input: { index: resolve(import.meta.dirname, "src-renderer/index.html") } }
		}
	}
});
export { electron_vite_config_default as default };

//# sourceMappingURL=data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoiZWxlY3Ryb24udml0ZS5jb25maWcuanMiLCJuYW1lcyI6W10sInNvdXJjZXMiOlsiL3dvcmsvbWFpbi9lbGVjdHJvbi52aXRlLmNvbmZpZy50cyJdLCJzb3VyY2VzQ29udGVudCI6WyJpbXBvcnQgeyByZXNvbHZlIH0gZnJvbSAnbm9kZTpwYXRoJztcbmltcG9ydCB7IGRlZmluZUNvbmZpZyB9IGZyb20gJ2VsZWN0cm9uLXZpdGUnO1xuaW1wb3J0IHsgc3ZlbHRlIH0gZnJvbSAnQHN2ZWx0ZWpzL3ZpdGUtcGx1Z2luLXN2ZWx0ZSc7XG5cbmNvbnN0IGFsaWFzID0geyAnQHNoYXJlZCc6IHJlc29sdmUoaW1wb3J0Lm1ldGEuZGlybmFtZSwgJ3NyYy1zaGFyZWQnKSB9O1xuXG5leHBvcnQgZGVmYXVsdCBkZWZpbmVDb25maWcoe1xuICBtYWluOiB7XG4gICAgcmVzb2x2ZTogeyBhbGlhcyB9LFxuICAgIGJ1aWxkOiB7XG4gICAgICBvdXREaXI6ICdvdXQvbWFpbicsXG4gICAgICByb2xsdXBPcHRpb25zOiB7IGlucHV0OiB7IGluZGV4OiByZXNvbHZlKGltcG9ydC5tZXRhLmRpcm5hbWUsICdzcmMtbWFpbi9pbmRleC50cycpIH0gfSxcbiAgICB9LFxuICB9LFxuICBwcmVsb2FkOiB7XG4gICAgcmVzb2x2ZTogeyBhbGlhcyB9LFxuICAgIGJ1aWxkOiB7XG4gICAgICBvdXREaXI6ICdvdXQvcHJlbG9hZCcsXG4gICAgICByb2xsdXBPcHRpb25zOiB7XG4gICAgICAgIGlucHV0OiB7IHByZWxvYWQ6IHJlc29sdmUoaW1wb3J0Lm1ldGEuZGlybmFtZSwgJ3NyYy1tYWluL3ByZWxvYWQudHMnKSB9LFxuICAgICAgICAvLyBBIHNhbmRib3hlZCBwcmVsb2FkIG11c3QgYmUgQ29tbW9uSlMuXG4gICAgICAgIG91dHB1dDogeyBmb3JtYXQ6ICdjanMnLCBlbnRyeUZpbGVOYW1lczogJ1tuYW1lXS5janMnIH0sXG4gICAgICB9LFxuICAgIH0sXG4gIH0sXG4gIHJlbmRlcmVyOiB7XG4gICAgcm9vdDogJ3NyYy1yZW5kZXJlcicsXG4gICAgcmVzb2x2ZTogeyBhbGlhcyB9LFxuICAgIHBsdWdpbnM6IFtzdmVsdGUoeyBjb25maWdGaWxlOiByZXNvbHZlKGltcG9ydC5tZXRhLmRpcm5hbWUsICdzdmVsdGUuY29uZmlnLmpzJykgfSldLFxuICAgIGJ1aWxkOiB7XG4gICAgICBvdXREaXI6ICdvdXQvcmVuZGVyZXInLFxuICAgICAgLy8gZWxlY3Ryb24tdml0ZSBsZWF2ZXMgdGhlIHJlbmRlcmVyIHVubWluaWZpZWQgYnkgZGVmYXVsdDsgaXQgc2hpcHMgdG8gZXZlcnkgYWdlbnQncyBtYWNoaW5lLlxuICAgICAgbWluaWZ5OiB0cnVlLFxuICAgICAgLy8gT25lIGNodW5rLCBsb2FkZWQgZnJvbSBkaXNrIGF0IHN0YXJ0ICh+NTAwIEtCLCBtb3N0IG9mIGl0IHRoZSBWb2ljZSBTREspOyBiZW5jaCByZXBvcnRzIGl0cyBzaXplLlxuICAgICAgY2h1bmtTaXplV2FybmluZ0xpbWl0OiA3MDAsXG4gICAgICByb2xsdXBPcHRpb25zOiB7IGlucHV0OiB7IGluZGV4OiByZXNvbHZlKGltcG9ydC5tZXRhLmRpcm5hbWUsICdzcmMtcmVuZGVyZXIvaW5kZXguaHRtbCcpIH0gfSxcbiAgICB9LFxuICB9LFxufSk7XG4iXSwibWFwcGluZ3MiOiI7Ozs7O0FBSUEsTUFBTSxRQUFRLEVBQUUsV0FBVyxRQUFRLFlBQVksU0FBUyxZQUFZLEVBQUU7QUFFdEUsSUFBQSwrQkFBZSxhQUFhO0NBQzFCLE1BQU07RUFDSixTQUFTLEVBQUUsTUFBTTtFQUNqQixPQUFPO0dBQ0wsUUFBUTtHQUNSLGVBQWUsRUFBRSxPQUFPLEVBQUUsT0FBTyxRQUFRLFlBQVksU0FBUyxtQkFBbUIsRUFBRSxFQUFFO0VBQ3ZGO0NBQ0Y7Q0FDQSxTQUFTO0VBQ1AsU0FBUyxFQUFFLE1BQU07RUFDakIsT0FBTztHQUNMLFFBQVE7R0FDUixlQUFlO0lBQ2IsT0FBTyxFQUFFLFNBQVMsUUFBUSxZQUFZLFNBQVMscUJBQXFCLEVBQUU7SUFFdEUsUUFBUTtLQUFFLFFBQVE7S0FBTyxnQkFBZ0I7SUFBYTtHQUN4RDtFQUNGO0NBQ0Y7Q0FDQSxVQUFVO0VBQ1IsTUFBTTtFQUNOLFNBQVMsRUFBRSxNQUFNO0VBQ2pCLFNBQVMsQ0FBQyxPQUFPLEVBQUUsWUFBWSxRQUFRLFlBQVksU0FBUyxrQkFBa0IsRUFBRSxDQUFDLENBQUM7RUFDbEYsT0FBTztHQUNMLFFBQVE7R0FFUixRQUFRO0dBRVIsdUJBQXVCO0dBQ3ZCLGVBQWUsRUFBRSxPQUFPLEVBQUUsT0FBTyxRQUFRLFlBQVksU0FBUyx5QkFBeUIsRUFBRSxFQUFFO0VBQzdGO0NBQ0Y7QUFDRixDQUFDIn0=