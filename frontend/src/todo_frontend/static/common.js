// Shared by every page: one way to call our server, and one banner for trouble.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)todo_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// FastAPI validation errors come as a list of {loc, msg}; everything else as a string.
function describe(detail, status) {
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail
      .map((item) => {
        const where = (item.loc || []).filter((part) => part !== "body").join(".");
        return where ? `${where}: ${item.msg}` : item.msg;
      })
      .join("; ");
  }
  return `The server answered unexpectedly (HTTP ${status}). Please try again.`;
}

/** Call our own origin; resolve with parsed JSON (or null), reject with ApiError. */
export async function api(method, url, body, { keepalive = false } = {}) {
  const headers = { accept: "application/json" };
  if (method !== "GET") headers["x-csrf-token"] = csrfToken();
  if (body !== undefined) headers["content-type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      keepalive,
    });
  } catch {
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (response.ok) return data;
  if (response.status === 401 && url.startsWith("/api/")) {
    // The session expired or was cleared: start over at sign-in.
    window.location.assign("/login");
  }
  throw new ApiError(response.status, describe(data && (data.detail ?? data.reason), response.status));
}

const banner = document.getElementById("banner");
const bannerText = document.getElementById("banner-text");
document.getElementById("banner-close").addEventListener("click", hideBanner);

export function showBanner(message) {
  bannerText.textContent = message;
  banner.hidden = false;
}

export function hideBanner() {
  banner.hidden = true;
}

/** Problems with the service go to the banner; problems with what was typed stay by the form. */
export function isServiceProblem(error) {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500 || error.status === 403;
}
