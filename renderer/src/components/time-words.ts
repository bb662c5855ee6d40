/** Times and durations in words, for messages like "locked until 14:32 (in 12 minutes)". */

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** A moment in the user's local time: "14:32" today, with the date on another day. */
export function formatLocalTime(moment: Date, now: Date = new Date()): string {
  return sameDay(moment, now)
    ? moment.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })
    : moment.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long until a moment: "in less than a minute", "in 12 minutes", "in 2 hours 5 minutes". */
export function formatTimeUntil(moment: Date, now: Date = new Date()): string {
  const ms = moment.getTime() - now.getTime();
  if (ms <= 0) return 'now';
  if (ms < 60_000) return 'in less than a minute';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${plural(minutes, 'minute')}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `in ${plural(hours, 'hour')}` : `in ${plural(hours, 'hour')} ${plural(rest, 'minute')}`;
}

/** How long ago a moment was: "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function formatTimeAgo(moment: Date, now: Date = new Date()): string {
  const seconds = (now.getTime() - moment.getTime()) / 1000;
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${plural(days, 'day')} ago`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${plural(months, 'month')} ago`;
  return `${plural(Math.floor(days / 365.25), 'year')} ago`;
}

/** A number of seconds in words: "45 seconds", "1 minute 5 seconds". */
export function formatSeconds(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));
  if (whole < 60) return plural(whole, 'second');
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? plural(minutes, 'minute') : `${plural(minutes, 'minute')} ${plural(rest, 'second')}`;
}
