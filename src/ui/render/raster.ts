// Pictures from untrusted bytes, shown without ever giving those bytes a URL in this origin.
//
// An <img src="blob:…"> of an SVG is a document waiting to happen: "Open image in new tab",
// a middle-click, a drag to the tab bar or a copied address opens the SVG as a page of the app's
// origin, scripts and all. So previews are pixels: the bytes are decoded off-DOM and drawn onto a
// <canvas>, which has no address to open, drag or copy. Raster images never get a URL at all
// (createImageBitmap reads the Blob); an SVG is decoded by a detached <img> from a data: URL,
// which the browser runs in image mode (no script, nothing fetched) and which is never in the DOM.

/** Largest side of a drawn preview, in device pixels (a huge SVG must not exhaust memory). */
const MAX_SIDE = 4096;
/** An SVG with no size of its own is drawn at the size browsers give replaced elements. */
const DEFAULT_SIZE = { width: 300, height: 150 };

function base64(data: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function decodeSvg(data: Uint8Array): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = `data:image/svg+xml;base64,${base64(data)}`;
  await image.decode();
  return image;
}

export interface Picture {
  /** Pixels, drawn at `scale` device pixels per CSS pixel. */
  source: CanvasImageSource;
  width: number;
  height: number;
  /** CSS size of the picture. */
  cssWidth: number;
  cssHeight: number;
}

/** Decodes image bytes (PNG, JPEG, GIF, WebP or SVG) into something a canvas can draw. */
export async function decodePicture(data: Uint8Array, mime: string, devicePixelRatio = 1): Promise<Picture> {
  if (mime === "image/svg+xml") {
    const image = await decodeSvg(data);
    const cssWidth = image.naturalWidth || DEFAULT_SIZE.width;
    const cssHeight = image.naturalHeight || DEFAULT_SIZE.height;
    // Vectors are drawn at the screen's resolution, so they stay sharp.
    const scale = Math.min(devicePixelRatio, MAX_SIDE / Math.max(cssWidth, cssHeight));
    return {
      source: image,
      width: Math.max(1, Math.round(cssWidth * scale)),
      height: Math.max(1, Math.round(cssHeight * scale)),
      cssWidth,
      cssHeight,
    };
  }
  const bitmap = await createImageBitmap(new Blob([data as BlobPart], { type: mime }));
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  return { source: bitmap, width, height, cssWidth: bitmap.width, cssHeight: bitmap.height };
}

/** Draws a decoded picture onto a canvas of its size. */
export function paint(canvas: HTMLCanvasElement, picture: Picture): void {
  canvas.width = picture.width;
  canvas.height = picture.height;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2D canvas");
  context.clearRect(0, 0, picture.width, picture.height);
  context.drawImage(picture.source, 0, 0, picture.width, picture.height);
  if ("close" in picture.source && typeof picture.source.close === "function") picture.source.close();
}
