/**
 * The VPS as a machine: ISOs and reinstalls, settings, what it reports (details, traffic and
 * CPU charts, the mounted ISO, a screenshot) and VNC.
 * - A reinstall or a qcow2 upload passes through off at once and is on again after the
 *   reinstall time; mounting with `force_reset=yes` resets it.
 * - downloadCustomISO adds the URL's file name to the ISO list at once.
 * - Charts are JSON text inside the JSON answer, as EDIS sends them: daily traffic of the last
 *   seven days (GB), the period's cumulative use against what is included, and CPU per hour.
 */
import { type Handler, ok, refuse, schedulePower, settlePower } from "../context.js";
import type { SimVps } from "../state.js";
import { dayOf } from "../traffic.js";

const GB = 1024 ** 3;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const success = ok({ status: "success" });

const getISOList: Handler = ({ state }) => ok({ status: "success", data: [...state.isos] });
const getAutoinstallImages: Handler = ({ state }) => ok({ status: "success", data: [...state.images] });

const mountISO: Handler = ({ op, form, state, vps, now, settings }) => {
  const iso = form.iso as string;
  if (!state.isos.includes(iso)) return refuse(op, [400], `ISO ${iso} is not in the ISO list.`);
  vps.iso = iso;
  if (form.force_reset === "yes") schedulePower(vps, now, "on", settings.resetMs, "off");
  return success;
};

const umountISO: Handler = ({ vps }) => {
  delete vps.iso;
  return success;
};

/** The ISO name a download URL gives: its last path segment, when that is a bare file name. */
function isoNameOf(url: string, taken: readonly string[]): string {
  let name = "";
  try {
    name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    name = "";
  }
  if (!/^[^./\\\x00-\x1F\x7F]+(\.[^./\\\x00-\x1F\x7F]+)*$/u.test(name) || name.length > 255) name = `custom-${taken.length + 1}.iso`;
  return name;
}

const downloadCustomISO: Handler = ({ form, state }) => {
  const name = isoNameOf(form.url as string, state.isos);
  if (!state.isos.includes(name)) state.isos.push(name);
  return success;
};

const reinstallVPS: Handler = ({ op, form, state, vps, now, settings }) => {
  const image = form.image as string;
  if (!state.images.includes(image)) return refuse(op, [400], `Image ${image} is not available.`);
  vps.image = image;
  schedulePower(vps, now, "on", settings.reinstallMs, "off");
  return success;
};

const uploadQCOW2: Handler = ({ vps, now, settings }) => {
  vps.image = "custom-qcow2";
  schedulePower(vps, now, "on", settings.reinstallMs, "off");
  return success;
};

const getKvmVpsSettings: Handler = ({ vps }) => ok({ status: "success", configuration: { ...vps.settings } });

const setKvmConfiguration: Handler = ({ form, vps }) => {
  Object.assign(vps.settings, form.config as Record<string, string>);
  if (typeof vps.settings.vnc_keymap === "string") vps.vnc.keyboard = vps.settings.vnc_keymap;
  return success;
};

function details(vps: SimVps) {
  const [prefix] = vps.ipv6Prefix.split("/");
  return {
    hw: { ram: String(vps.ramMb), disk: String(vps.diskMb), cpu_set_cores: String(vps.cores) },
    suspended: vps.suspended ? "y" : "n",
    ip: {
      ipv4: vps.ipv4.map((a) => `${a}/${vps.ipv4Netmask}`),
      ipv4_gw: vps.ipv4Gateway,
      ipv4_nm: vps.ipv4Netmask,
      ipv6_gw: vps.ipv6Gateway,
      ipv6_64: `${prefix}/64`,
    },
    hostname: vps.hostname,
  };
}

function counters(vps: SimVps, now: number) {
  return {
    included_bytes: vps.traffic.includedBytes,
    days_remaining: vps.traffic.daysRemaining,
    last_updated: String(Math.floor(now / 1000)),
    rx_bytes: String(vps.traffic.rxBytes),
    tx_bytes: String(vps.traffic.txBytes),
    rx_packets: String(vps.traffic.rxPackets),
    tx_packets: String(vps.traffic.txPackets),
  };
}

const getKvmDetails: Handler = ({ vps }) => ok({ status: "success", data: details(vps) });
const getAllDetails: Handler = ({ vps, now }) => ok({ status: "success", data: { ...details(vps), traffic: { status: "success", data: counters(vps, now) } } });

const gb = (bytes: number) => Math.round((bytes / GB) * 100) / 100;
const dataset = (label: string, type: string, color: string, data: number[]) => ({
  label,
  type,
  borderWidth: 1,
  borderColor: color,
  backgroundColor: color,
  yAxisID: "y",
  data,
});

/** The last seven simulated days, oldest first. */
function lastWeek(now: number): { key: string; label: string }[] {
  return Array.from({ length: 7 }, (_, i) => {
    const at = new Date(now - (6 - i) * 86_400_000);
    return { key: dayOf(at.getTime()), label: `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, "0")}` };
  });
}

const getTrafficUsage: Handler = ({ vps, now }) => {
  const days = lastWeek(now);
  const daily = days.map((d) => gb(vps.traffic.daily[d.key] ?? 0));
  let sum = gb(vps.traffic.rxBytes + vps.traffic.txBytes) - daily.reduce((a, b) => a + b, 0);
  const cumulative = daily.map((d) => {
    sum = Math.max(0, Math.round((sum + d) * 100) / 100);
    return sum;
  });
  const labels = days.map((d) => d.label);
  return ok({
    status: "success",
    data: counters(vps, now),
    chart_daily: JSON.stringify({ datasets: [dataset("Daily Traffic [GB]", "bar", "#058", daily)], labels }),
    chart_monthly: JSON.stringify({
      datasets: [
        dataset("Traffic used [GB]", "line", "#058", cumulative),
        dataset(
          "Traffic included [GB]",
          "line",
          "#999",
          days.map(() => gb(vps.traffic.includedBytes)),
        ),
      ],
      labels,
    }),
  });
};

const getCpuUsage: Handler = ({ vps, now }) => {
  settlePower(vps, now);
  const hour = new Date(now).getUTCHours();
  const labels = vps.cpu.map((_, i) => `${String((hour - vps.cpu.length + 1 + i + 48) % 24).padStart(2, "0")}:00`);
  const data = vps.power === "on" ? [...vps.cpu] : vps.cpu.map(() => 0);
  return ok({ status: "success", chart_cpu: JSON.stringify({ datasets: [dataset("CPU usage [%]", "line", "#46A546", data)], labels }) });
};

const getMountDetails: Handler = ({ vps }) => ok({ status: "success", current_iso: vps.iso ?? "empty" });

/** A 1×1 grey JPEG. */
const SCREENSHOT =
  "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=";

const getVpsScreenshot: Handler = () => ok({ status: "success", data: SCREENSHOT });

const getVncStatus: Handler = ({ vps }) =>
  ok({
    status: "success",
    vnc_status: vps.vnc.enabled ? "enabled" : "disabled",
    novnc_port: vps.vnc.novncPort,
    vnc_port: String(vps.vnc.vncPort),
    vnc_host: vps.vnc.host,
  });

const enableVnc: Handler = ({ form, vps }) => {
  vps.vnc.enabled = true;
  vps.vnc.password = form.vnc_pw as string;
  return ok({ status: "success", vnc_status: "enabled", novnc_port: vps.vnc.novncPort, vnc_port: vps.vnc.vncPort, vnc_host: vps.vnc.host });
};

const disableVnc: Handler = ({ vps }) => {
  vps.vnc.enabled = false;
  delete vps.vnc.password;
  return ok({ status: "success", msg: "vnc disabled" });
};

const setVncKeyboardLanguage: Handler = ({ form, vps }) => {
  vps.vnc.keyboard = form.vnc_keyboard as string;
  vps.settings.vnc_keymap = vps.vnc.keyboard;
  return success;
};

export const machineHandlers: Readonly<Record<string, Handler>> = {
  getISOList,
  getAutoinstallImages,
  mountISO,
  umountISO,
  downloadCustomISO,
  reinstallVPS,
  uploadQCOW2,
  getKvmVpsSettings,
  setKvmConfiguration,
  getKvmDetails,
  getAllDetails,
  getTrafficUsage,
  getCpuUsage,
  getMountDetails,
  getVpsScreenshot,
  getVncStatus,
  enableVnc,
  disableVnc,
  setVncKeyboardLanguage,
};
