/*
 * breakout-ops dashboard: one page driven only by the REST API under api/ (relative URLs, so it also works
 * behind a reverse proxy that serves the application under a prefix). No build step; the one library, uPlot
 * (the charts), comes from the server too, out of a jar in WEB-INF/lib.
 *
 * Safety: everything that comes from the server is put into the page with textContent or setAttribute,
 * never innerHTML; log messages are attacker-influenced (a request path is logged as sent).
 */
'use strict';

(function () {
    const REFRESH_MS = 5000;
    const BACKUPS_EVERY_MS = 60000;
    const REQUEST_TIMEOUT_MS = 10000;
    const WINDOW_MINUTES = 60;
    const AUTH_KEY = 'breakout-ops.basic';

    const $ = (id) => document.getElementById(id);

    /* ---------- fetching: credentials, 401, unreachable ---------- */

    class Unreachable extends Error {}
    class SignInNeeded extends Error {}

    let lastGood = null;
    let waitingForSignIn = false;

    /** @param ownGateway a 502 here is this server's own answer (the fleet's Prometheus), not a gateway's */
    async function api(path, ownGateway) {
        // X-Requested-With asks the server to leave out "WWW-Authenticate: Basic" on a 401: with it, the browser
        // would stop the request for its own password dialog (headless Chromium just never answers), and the
        // page's sign-in form would never show
        const headers = {Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
        const basic = sessionStorage.getItem(AUTH_KEY);
        if (basic) {
            headers.Authorization = 'Basic ' + basic;
        }
        const abort = new AbortController();
        const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
        let response;
        try {
            response = await fetch(path, {headers, cache: 'no-store', credentials: 'same-origin', signal: abort.signal});
        } catch (e) {
            unreachable(e.name === 'AbortError' ? 'no answer within ' + REQUEST_TIMEOUT_MS / 1000 + ' s' : 'connection failed');
            throw new Unreachable(path);
        } finally {
            clearTimeout(timer);
        }
        // a gateway in front of us answering for a server that is gone
        if ((response.status === 502 && !ownGateway) || response.status === 504) {
            unreachable('the gateway answered ' + response.status);
            throw new Unreachable(path);
        }
        reachable();
        if (response.status === 401) {
            askForCredentials(basic ? 'Sign-in refused: check the user and the password.' : '');
            throw new SignInNeeded(path);
        }
        return response;
    }

    async function apiJson(path, ownGateway) {
        const response = await api(path, ownGateway);
        const body = await response.json().catch(() => null);
        return {status: response.status, ok: response.ok, body};
    }

    function unreachable(reason) {
        haveHour = false; // samples were missed while away: take the whole hour again when back
        const banner = $('unreachable');
        const since = lastGood ? ' Data below is from ' + clock(lastGood) + '.' : '';
        $('unreachable-detail').textContent = 'The last request failed (' + reason + ') at ' + clock(new Date()) + '.' + since;
        banner.hidden = false;
        document.body.classList.add('stale');
    }

    function reachable() {
        $('unreachable').hidden = true;
        document.body.classList.remove('stale');
    }

    function askForCredentials(message) {
        sessionStorage.removeItem(AUTH_KEY);
        waitingForSignIn = true;
        $('signin-section').hidden = false;
        $('signin-error').textContent = message;
        $('signout').hidden = true;
        $('signin-user').focus();
    }

    function signIn(event) {
        event.preventDefault();
        const user = $('signin-user').value;
        const password = $('signin-password').value;
        // btoa takes Latin-1 only: encode as UTF-8 first, as servers expect for non-ASCII credentials
        const bytes = new TextEncoder().encode(user + ':' + password);
        sessionStorage.setItem(AUTH_KEY, btoa(String.fromCharCode(...bytes)));
        $('signin-password').value = '';
        $('signin-section').hidden = true;
        $('signout').hidden = false;
        waitingForSignIn = false;
        refreshNow(() => loadLogs(false));
    }

    function signOut() {
        sessionStorage.removeItem(AUTH_KEY);
        location.reload();
    }

    /* ---------- formatting ---------- */

    function clock(date) {
        return date.toLocaleTimeString([], {hour12: false});
    }

    function utc(iso) {
        if (!iso) {
            return '';
        }
        const date = new Date(iso);
        return isNaN(date) ? String(iso) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    }

    function percent(value) {
        return value === null || value === undefined ? 'n/a' : (Math.round(value * 10) / 10) + '%';
    }

    function bytes(value) {
        if (value === null || value === undefined || value < 0) {
            return 'n/a';
        }
        const units = ['B', 'KB', 'MB', 'GB', 'TB'];
        let v = value;
        let u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
    }

    function duration(seconds) {
        const d = Math.floor(seconds / 86400);
        const h = Math.floor(seconds % 86400 / 3600);
        const m = Math.floor(seconds % 3600 / 60);
        return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm';
    }

    /** Shows a status word with its mark in the element: readable without colour. */
    function showStatus(element, status) {
        const word = String(status || 'UNKNOWN').toUpperCase();
        const mark = {UP: '\u2713 ', OK: '\u2713 ', DEGRADED: '! ', WARNING: '! ', DOWN: '\u2715 ', CRITICAL: '\u2715 ',
            FAILED: '\u2715 ', 'NOT VERIFIED': '! '}[word] || '? ';
        const kind = {UP: 'up', OK: 'up', DEGRADED: 'degraded', WARNING: 'degraded', DOWN: 'down', CRITICAL: 'down',
            FAILED: 'down', 'NOT VERIFIED': 'degraded'}[word] || 'unknown';
        element.className = 'status status-' + kind;
        element.textContent = mark + word;
        element.dataset.status = word;
        return element;
    }

    function statusElement(status) {
        return showStatus(document.createElement('span'), status);
    }

    function cell(row, content, className) {
        const td = document.createElement('td');
        if (content instanceof Node) {
            td.appendChild(content);
        } else {
            td.textContent = content === null || content === undefined ? '' : String(content);
        }
        if (className) {
            td.className = className;
        }
        row.appendChild(td);
        return td;
    }

    function fill(tbody, items, render) {
        const rows = items.map((item) => {
            const tr = document.createElement('tr');
            render(tr, item);
            return tr;
        });
        tbody.replaceChildren(...rows);
    }

    /* ---------- status ---------- */

    function renderHealth(answer) {
        const report = answer.body || {};
        showStatus($('overall-status'), report.status);
        const meta = [];
        if (report.version) {
            meta.push('version ' + report.version);
        }
        if (report.uptimeSeconds !== undefined && report.uptimeSeconds !== null) {
            meta.push('up ' + duration(report.uptimeSeconds));
        }
        $('service-meta').textContent = meta.join(', ');
        const components = Array.isArray(report.components) ? report.components : [];
        alertsComponent = components.find((c) => c.name === 'alerts') || null;
        fill($('components').tBodies[0], components, (tr, c) => {
            cell(tr, c.name);
            cell(tr, statusElement(c.status));
            cell(tr, c.reason);
        });
        $('status-note').textContent = components.length ? ''
            : 'Component details are shown to loopback callers and signed-in users only.';
    }

    /* ---------- bot ---------- */

    // Bot.java's reason before the first check of a configured bot: UNKNOWN then means "wait", not "set it up"
    const BOT_NOT_CHECKED_YET = 'not checked yet';

    const RESUME_HOW = 'jmx/opsctl --bot-resume, the Bot MXBean\'s resumeRestarts() or POST api/bot/restarts/resume'
        + ' (ops-admin)';

    function count(value) {
        return value === null || value === undefined || value < 0 ? 'n/a' : String(value);
    }

    /**
     * What the bot panel shows for a GET api/bot answer (the BotState record), as plain values: the badge,
     * the reason, a warning about the restart guard, the figures as [label, text, status word or null, long].
     */
    function botView(state) {
        const status = String(state.status || 'UNKNOWN').toUpperCase();
        if (status === 'UNKNOWN') {
            const waiting = state.reason === BOT_NOT_CHECKED_YET;
            return {status, badge: waiting ? 'not checked yet' : 'not configured', configured: waiting,
                reason: state.reason || '', guard: null, figures: [], output: ''};
        }
        const figures = [];
        const pid = Number(state.pid) || 0;
        figures.push(['Process', pid > 0 ? 'pid ' + pid + (state.alive ? ', alive' : ', not running')
            : state.alive ? 'answering; no pid known' : 'not found', null]);
        figures.push(['Last check', state.checkedAt ? utc(state.checkedAt) : 'not yet', null]);
        // one line, so the panel stays short enough for the charts to stay on the first screen
        figures.push(['Usage', 'CPU ' + percent(state.cpuPercent) + ', resident memory ' + bytes(state.residentBytes)
            + ', ' + count(state.threads) + ' threads, ' + count(state.openFiles) + ' open files', null]);
        figures.push(['Failed checks in a row', String(state.consecutiveFailures || 0)
            + (state.graceUntil ? '; start grace until ' + utc(state.graceUntil) : ''), null]);
        figures.push(['Restarts since start', String(state.restartsTotal || 0)
            + (state.restarting ? '; one is running now' : ''), null]);
        // without an answer the code is 0: either no health URL is set or the bot did not answer in time
        figures.push(['Health URL', state.httpCode > 0
            ? 'HTTP ' + state.httpCode + ' in ' + state.latencyMs + ' ms'
                + (state.bodyStatus ? ', body status "' + state.bodyStatus + '"' : '')
            : 'no answer (or no ops.bot.healthUrl)',
        state.httpCode > 0 ? (state.httpCode >= 200 && state.httpCode < 300 ? 'OK' : 'FAILED') : null, true]);
        // the outcome names the exit code when there is one ("exit code 0 after 1.2 s")
        const outcome = state.lastRestartOutcome || 'running';
        figures.push(['Last restart', state.lastRestartAt
            ? utc(state.lastRestartAt) + ', ' + outcome
                + (outcome.includes('exit code') ? '' : ' (exit code ' + state.lastRestartExitCode + ')')
            : 'none since start',
        state.lastRestartAt && !state.restarting ? (state.lastRestartExitCode === 0 ? 'OK' : 'FAILED') : null, true]);
        const guardWords = {
            ACTIVE: ['active: the bot is restarted after repeated failed checks', null],
            PAUSED_BY_OPERATOR: ['paused by an operator', 'WARNING'],
            PAUSED_BY_LOOP_GUARD: ['paused by the loop guard', 'CRITICAL'],
            NO_COMMAND: ['off: no ops.bot.restartCommand, the bot is never restarted', null],
        };
        const [guardText, guardStatus] = guardWords[state.restartGuard] || [String(state.restartGuard || 'n/a'), null];
        figures.push(['Restart guard', guardText, guardStatus, true]);
        let guard = null;
        if (state.restartGuard === 'PAUSED_BY_LOOP_GUARD') {
            guard = {kind: 'critical', text: 'Restarts paused by the loop guard: the bot was restarted too often'
                + ' (ops.bot.maxRestarts within ops.bot.restartWindow) and will not be restarted again until an'
                + ' operator resumes restarts: ' + RESUME_HOW + '.'};
        } else if (state.restartGuard === 'PAUSED_BY_OPERATOR') {
            guard = {kind: 'warning', text: 'Restarts paused by an operator: a failing bot is not restarted until'
                + ' restarts are resumed: ' + RESUME_HOW + '.'};
        }
        return {status, badge: null, configured: true, reason: state.reason || '', guard, figures,
            output: state.lastRestartOutput || ''};
    }

    function renderBot(answer) {
        const badge = $('bot-status');
        if (!answer.ok || !answer.body) {
            showStatus(badge, 'UNKNOWN');
            $('bot-reason').textContent = answer.status === 404
                ? 'Bot not available: this server has no bot API (GET api/bot answered 404).'
                : 'The bot\'s state could not be read (HTTP ' + answer.status + ').';
            for (const id of ['bot-guard', 'bot-setup', 'bot-figures', 'bot-output', 'bot-admin']) {
                $(id).hidden = true;
            }
            return;
        }
        const view = botView(answer.body);
        showStatus(badge, view.status);
        if (view.badge) {
            badge.textContent = '? ' + view.badge;
        }
        $('bot-reason').textContent = view.reason;
        $('bot-setup').hidden = view.configured;
        $('bot-admin').hidden = !view.configured;
        const guard = $('bot-guard');
        guard.hidden = !view.guard;
        guard.className = 'warning-box' + (view.guard ? ' warning-' + view.guard.kind : '');
        guard.textContent = view.guard ? view.guard.text : '';
        const figures = $('bot-figures');
        figures.hidden = view.figures.length === 0;
        figures.replaceChildren(...view.figures.flatMap(([label, text, status, long]) => {
            const dt = document.createElement('dt');
            dt.textContent = label;
            const dd = document.createElement('dd');
            if (status) {
                dd.append(statusElement(status), ' ');
            }
            dd.append(text);
            if (long) {
                dt.className = 'long';
                dd.className = 'long';
            }
            return [dt, dd];
        }));
        // the <details> stays as it is, so an operator reading the output keeps it open across refreshes
        const output = $('bot-output');
        output.hidden = !view.output;
        output.querySelector('pre').textContent = view.output;
    }

    /* ---------- charts ---------- */

    const samples = new Map(); // at (ISO text) -> sample, the last WINDOW_MINUTES
    let thresholds = {};        // metric -> {warning, critical, state, value}

    const SERIES = {
        cpu: {label: 'CPU', unit: '%', value: (s) => s.cpuPercent},
        memory: {label: 'Memory', unit: '%', value: (s) => s.memoryPercent},
        disk: {label: 'Disk (fullest)', unit: '%', value: (s) => {
            const used = (s.disks || []).map((d) => d.usedPercent).filter((v) => v !== null && v !== undefined);
            return used.length ? Math.max(...used) : null;
        }},
        fds: {label: 'File descriptors', unit: '%', value: (s) => s.openFileDescriptors >= 0 && s.maxFileDescriptors > 0
            ? 100 * s.openFileDescriptors / s.maxFileDescriptors : null},
        threads: {label: 'Threads', unit: '', value: (s) => s.threads >= 0 ? s.threads : null},
    };

    function addSamples(list) {
        for (const s of list || []) {
            samples.set(s.at, s);
        }
        const oldest = Date.now() - WINDOW_MINUTES * 60000;
        for (const at of samples.keys()) {
            if (Date.parse(at) < oldest) {
                samples.delete(at);
            }
        }
    }

    const CHART_HEIGHT = 150;
    const GAP_MS = 3 * 60000; // no sample for this long breaks the line
    const charts = new Map(); // metric -> {plot, box}
    let chartWindow = {start: 0, end: 0}; // seconds since the epoch, the x axis' range

    function cssColour(name) {
        return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    }

    function two(n) {
        return String(n).padStart(2, '0');
    }

    /** "14:05" (UTC, as the tables) of seconds since the epoch; with seconds for a tooltip. */
    function utcClock(seconds, withSeconds) {
        const d = new Date(seconds * 1000);
        return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes()) + (withSeconds ? ':' + two(d.getUTCSeconds()) : '');
    }

    function formatValue(series, value) {
        if (value === null || value === undefined || !isFinite(value)) {
            return 'n/a';
        }
        return series.unit === '%' ? percent(value) : String(Math.round(value));
    }

    /** The metric's levels to draw, or null: threads have none. */
    function levelsOf(metric) {
        const level = thresholds[metric];
        return level && level.warning !== undefined && level.warning !== null ? level : null;
    }

    /** Dashed warning and dotted critical lines across the plot, drawn under the data. */
    function drawLevels(metric) {
        return (u) => {
            const level = levelsOf(metric);
            if (!level) {
                return;
            }
            const ctx = u.ctx;
            const ratio = window.devicePixelRatio || 1;
            ctx.save();
            for (const [kind, dash, colour] of [['warning', [6, 4], '--degraded'], ['critical', [2, 3], '--down']]) {
                const y = Math.round(u.valToPos(level[kind], 'y', true)) + 0.5;
                ctx.strokeStyle = cssColour(colour);
                ctx.lineWidth = 1.5 * ratio;
                ctx.setLineDash(dash.map((d) => d * ratio));
                ctx.beginPath();
                ctx.moveTo(u.bbox.left, y);
                ctx.lineTo(u.bbox.left + u.bbox.width, y);
                ctx.stroke();
            }
            ctx.restore();
        };
    }

    /** A small box beside the cursor with the sample's time and value. */
    function tooltip(series) {
        let tip;
        return {
            hooks: {
                init: (u) => {
                    tip = document.createElement('div');
                    tip.className = 'chart-tip';
                    tip.hidden = true;
                    u.over.appendChild(tip);
                    u.over.addEventListener('mouseleave', () => {
                        tip.hidden = true;
                    });
                },
                setCursor: (u) => {
                    const i = u.cursor.idx;
                    const value = i === null || i === undefined ? null : u.data[1][i];
                    if (value === null || value === undefined || u.cursor.left < 0) {
                        tip.hidden = true;
                        return;
                    }
                    tip.textContent = utcClock(u.data[0][i], true) + ' UTC  ' + formatValue(series, value);
                    tip.hidden = false;
                    const x = u.valToPos(u.data[0][i], 'x');
                    const y = u.valToPos(value, 'y');
                    // beside the point, on the side with room, never over the top edge
                    const left = x > u.over.clientWidth / 2 ? x - tip.offsetWidth - 8 : x + 8;
                    tip.style.left = Math.max(0, left) + 'px';
                    tip.style.top = Math.max(0, Math.min(y - tip.offsetHeight - 6, u.over.clientHeight - tip.offsetHeight)) + 'px';
                },
            },
        };
    }

    function makeChart(box, metric) {
        const series = SERIES[metric];
        const muted = cssColour('--muted');
        const grid = {stroke: cssColour('--line'), width: 1};
        const font = '11px system-ui, sans-serif';
        const plot = new uPlot({
            width: Math.max(180, box.clientWidth),
            height: CHART_HEIGHT,
            legend: {show: false},
            cursor: {y: false, drag: {x: false, y: false, setScale: false}, points: {size: 7}},
            select: {show: false},
            scales: {
                x: {time: true, range: () => [chartWindow.start, chartWindow.end]},
                y: series.unit === '%' ? {range: [0, 100]}
                    : {range: (u, min, max) => [0, Math.max(10, Math.ceil((max || 0) * 1.2 / 10) * 10)]},
            },
            axes: [
                {stroke: muted, font, grid, ticks: grid, size: 24, space: 30, incrs: [60, 120, 300, 600, 900, 1800, 3600], values: (u, splits) => splits.map((s) => utcClock(s))},
                {stroke: muted, font, grid, ticks: grid, size: 44, space: 22,
                    values: (u, splits) => splits.map((v) => Math.round(v) + series.unit)},
                // the levels' labels, in a margin of their own at the right: never under the line or the data
                {side: 1, scale: 'y', stroke: cssColour('--fg'), font, size: 50, gap: 3, grid: {show: false}, ticks: {show: false},
                    splits: () => {
                        const level = levelsOf(metric);
                        return level ? [level.warning, level.critical] : [];
                    },
                    values: (u, splits) => splits.map((v, i) => (i === 0 ? 'warn ' : 'crit ') + v)},
            ],
            series: [{}, {label: series.label, stroke: cssColour('--series'), width: 2, spanGaps: false, points: {show: false}}],
            hooks: {drawAxes: [drawLevels(metric)]},
            plugins: [tooltip(series)],
        }, [[], []], box);
        return {plot, box};
    }

    /** Samples as uPlot's columns (seconds, values), with a null where samples are missing, so the line breaks. */
    function columns(ordered, series) {
        const xs = [];
        const ys = [];
        let previous = null;
        for (const s of ordered) {
            const t = Date.parse(s.at);
            if (previous !== null && t - previous > GAP_MS) {
                xs.push((previous + t) / 2000);
                ys.push(null);
            }
            const v = series.value(s);
            xs.push(t / 1000);
            ys.push(v === null || v === undefined || !isFinite(v) ? null : v);
            previous = t;
        }
        return [xs, ys];
    }

    function renderCharts() {
        const ordered = [...samples.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        const now = Date.now();
        // the last hour, or since the first sample when the server is younger (at least 5 minutes), so a
        // fresh server's line is not a dot at the right edge
        const first = ordered.length ? Date.parse(ordered[0].at) : now;
        const start = Math.max(now - WINDOW_MINUTES * 60000, Math.min(first, now - 5 * 60000));
        chartWindow = {start: start / 1000, end: now / 1000};
        const library = typeof uPlot === 'function';
        $('charts-missing').textContent = library ? ''
            : 'The chart library did not load (webjars/uplot in the WAR): the latest values only.';
        for (const box of document.querySelectorAll('div.chart')) {
            const metric = box.dataset.metric;
            const series = SERIES[metric];
            const data = columns(ordered, series);
            const values = data[1].filter((v) => v !== null);
            const level = levelsOf(metric);
            box.dataset.points = String(values.length);
            if (level) {
                box.dataset.warning = String(level.warning);
                box.dataset.critical = String(level.critical);
            } else {
                delete box.dataset.warning;
                delete box.dataset.critical;
            }
            if (library) {
                if (!charts.has(metric)) {
                    charts.set(metric, makeChart(box, metric));
                }
                charts.get(metric).plot.setData(data);
            }
            caption(metric, series, values.length ? values[values.length - 1] : null, thresholds[metric]);
        }
    }

    function caption(metric, series, latest, level) {
        const element = $('caption-' + metric);
        const text = series.label + ' ' + formatValue(series, latest);
        if (level && level.state) {
            element.replaceChildren(document.createTextNode(text + ' '), statusElement(level.state));
            element.title = 'warning at ' + level.warning + '%, critical at ' + level.critical + '%';
        } else {
            element.textContent = text;
        }
    }

    /** Charts follow their box's width (a resized window, a scroll bar that comes or goes). */
    function followWidths() {
        if (typeof ResizeObserver !== 'function') {
            return;
        }
        const observer = new ResizeObserver(() => {
            for (const {plot, box} of charts.values()) {
                const width = Math.max(180, box.clientWidth);
                if (Math.abs(width - plot.width) > 1) {
                    plot.setSize({width, height: CHART_HEIGHT});
                }
            }
        });
        for (const box of document.querySelectorAll('div.chart')) {
            observer.observe(box);
        }
    }

    function renderMetrics(answer) {
        const body = answer.body || {};
        thresholds = {};
        for (const m of body.metrics || []) {
            thresholds[m.metric] = m;
        }
    }

    /* ---------- alerts ---------- */

    const HISTORY_SHOWN = 10;
    const DELIVERY_WINDOW_MS = 15 * 60000;
    let historyExpanded = false;
    const deliveryCounts = []; // {at, dropped} as seen by this page, the last DELIVERY_WINDOW_MS
    let alertsComponent = null; // the `alerts` component of the last /api/health answer, null when not shown

    function renderAlerts(monitoring) {
        lastMonitoring = monitoring;
        const active = monitoring.activeAlerts || [];
        $('active-alerts-empty').hidden = active.length > 0;
        $('active-alerts').hidden = active.length === 0;
        $('active-alerts-count').textContent = active.length ? '(' + active.length + ')' : '';
        fill($('active-alerts').tBodies[0], active, (tr, a) => {
            // the summary under the key: the card is narrow, and the summary is what an operator reads
            const name = document.createElement('span');
            name.className = 'alert-key';
            name.textContent = a.key;
            const summary = document.createElement('span');
            summary.className = 'alert-summary';
            summary.textContent = a.summary || '';
            const first = cell(tr, '');
            first.append(name, summary);
            cell(tr, statusElement(a.level === 'critical' ? 'CRITICAL' : 'WARNING'));
            cell(tr, percent(a.value) + ' (line ' + percent(a.threshold) + ')', 'num');
            cell(tr, utc(a.startsAt), 'time');
        });
        const history = monitoring.alertHistory || [];
        $('alert-history-empty').hidden = history.length > 0;
        $('alert-history').hidden = history.length === 0;
        $('alert-history-count').textContent = history.length ? '(last ' + history.length + ')' : '';
        const shown = historyExpanded ? history : history.slice(0, HISTORY_SHOWN);
        fill($('alert-history').tBodies[0], shown, (tr, a) => {
            cell(tr, a.key);
            cell(tr, a.endsAt ? 'resolved' : 'firing');
            cell(tr, utc(a.startsAt), 'time');
            cell(tr, utc(a.endsAt), 'time');
            cell(tr, a.summary);
        });
        const more = $('alert-history-more');
        more.hidden = history.length <= HISTORY_SHOWN;
        more.textContent = historyExpanded ? 'Show the last ' + HISTORY_SHOWN + ' only'
            : 'Show ' + (history.length - HISTORY_SHOWN) + ' more';
        renderDeliveries(monitoring.deliveries);
    }

    let lastMonitoring = null;

    function toggleHistory() {
        historyExpanded = !historyExpanded;
        if (lastMonitoring) {
            renderAlerts(lastMonitoring);
        }
    }

    /**
     * The delivery counters as a line under the history, and a warning in the status card while the `alerts`
     * component of /api/health is DEGRADED (a receiver failed in the last 15 minutes): an alert that reached
     * nobody must not look like a quiet day, and a failure long ago must not keep the warning up. The counters
     * run since the server started and are the warning's detail.
     */
    function renderDeliveries(d) {
        const warning = $('deliveries-warning');
        if (!d) {
            $('deliveries').textContent = '';
            warning.hidden = true;
            return;
        }
        const n = (v) => v || 0;
        const known = ['webhooks', 'sent', 'failed', 'dropped', 'retried',
            'alertmanagers', 'alertmanagerSent', 'alertmanagerFailed', 'alertmanagerRetried'];
        // counters a newer server adds are shown as they come
        const extra = Object.entries(d).filter(([k, v]) => !known.includes(k) && typeof v === 'number')
            .map(([k, v]) => k + ' ' + v);
        $('deliveries').textContent = 'Deliveries since start: webhooks ' + n(d.webhooks) + ': delivered ' + n(d.sent)
            + ', failed ' + n(d.failed) + ', dropped ' + n(d.dropped) + ', retried ' + n(d.retried)
            + '; Alertmanagers ' + n(d.alertmanagers) + ': sent ' + n(d.alertmanagerSent)
            + ', failed ' + n(d.alertmanagerFailed) + ', retried ' + n(d.alertmanagerRetried)
            + (extra.length ? '; ' + extra.join(', ') : '') + '.';

        const now = Date.now();
        deliveryCounts.push({at: now, dropped: n(d.dropped)});
        while (deliveryCounts.length > 1 && now - deliveryCounts[1].at >= DELIVERY_WINDOW_MS) {
            deliveryCounts.shift();
        }
        const component = alertsComponent;
        const failing = component !== null && component.status !== 'UP' && component.status !== 'UNKNOWN';
        warning.hidden = !failing;
        if (!failing) {
            return;
        }
        // alerts dropped from a full queue while this page watched reached no one: the stronger mark
        const droppedLately = n(d.dropped) > deliveryCounts[0].dropped;
        const critical = droppedLately || component.status === 'DOWN';
        warning.className = 'warning-box' + (critical ? ' warning-critical' : '');
        warning.replaceChildren(statusElement(critical ? 'CRITICAL' : 'WARNING'),
            // short, so the charts stay on the first screen: the reason is in the alerts component's row
            // below, and the counters per kind under the alert history
            ' Alert deliveries failing: ' + (n(d.failed) + n(d.alertmanagerFailed)) + ' failed, ' + n(d.dropped)
            + ' dropped (lost), ' + (n(d.sent) + n(d.alertmanagerSent)) + ' delivered since start; the alerts'
            + ' component says which receiver and why.');
    }

    /* ---------- maintenance ---------- */

    function renderMaintenance(monitoring) {
        const dir = monitoring.logDirectory;
        if (dir) {
            $('logdir-summary').textContent = dir.directory + ': ' + bytes(dir.totalBytes) + ' in ' + dir.files
                + ' files (' + bytes(dir.unmanagedBytes) + ' not managed). Oldest ' + (dir.oldestFile || 'none')
                + (dir.oldestModified ? ' (' + utc(dir.oldestModified) + ')' : '') + '. Last sweep freed '
                + bytes(dir.bytesFreedLastRun) + '.';
            fill($('logdir').tBodies[0], dir.logs || [], (tr, l) => {
                cell(tr, l.log);
                cell(tr, bytes(l.activeBytes), 'num');
                cell(tr, l.rotatedFiles, 'num');
                cell(tr, bytes(l.rotatedBytes), 'num');
                cell(tr, bytes(l.activeBytes + l.rotatedBytes), 'num');
            });
        }
        const runs = new Map((monitoring.lastRuns || []).map((r) => [r.job, r]));
        const rows = (monitoring.timers || []).map((t) => ({timer: t, run: runs.get(t.job)}));
        for (const [job, run] of runs) {
            if (!rows.some((r) => r.timer.job === job)) {
                rows.push({timer: {job, cron: 'on demand', nextRun: ''}, run});
            }
        }
        fill($('jobs').tBodies[0], rows, (tr, {timer, run}) => {
            cell(tr, timer.job);
            cell(tr, timer.cron);
            cell(tr, timer.nextRun ? utc(timer.nextRun) : (timer.cron === 'off' ? 'off' : ''), 'time');
            cell(tr, run ? utc(run.startedAt) + ' by ' + run.actor + ', ' + run.durationMs + ' ms' : 'not run since start');
            cell(tr, run ? statusElement(run.outcome === 'success' ? 'OK' : 'FAILED') : '');
            cell(tr, run ? (run.outcome === 'success' ? run.summary : run.outcome + (run.summary ? '; ' + run.summary : '')) : '');
        });
    }

    /** GET /api/backups: the archives, newest first, and the last backup, verification and drill. */
    async function refreshBackups() {
        const state = $('backups-state');
        const summary = $('backups-summary');
        const table = $('backups');
        let answer;
        try {
            answer = await apiJson('api/backups');
        } catch (e) {
            return;
        }
        if (!answer.ok || !answer.body) {
            state.textContent = answer.status === 404
                ? 'Backups not available: this server has no backup API (GET api/backups answered 404).'
                : 'Backups could not be read (HTTP ' + answer.status + ').';
            summary.replaceChildren();
            table.hidden = true;
            return;
        }
        const body = answer.body;
        const list = body.backups || [];
        state.textContent = list.length + (list.length === 1 ? ' backup, ' : ' backups, ') + bytes(body.totalBytes)
            + ' in ' + body.directory + '. ' + (body.running ? 'Running: ' + body.running + '. ' : '') + body.retention + '.';
        const items = [];
        const b = body.lastBackup;
        items.push(['Last backup', b ? [b.verified ? 'OK' : 'FAILED', b.name + ', ' + b.files + ' files, '
            + bytes(b.archiveBytes) + ', ' + b.durationMs + ' ms'
            + (b.changedFiles.length ? '; changed while read: ' + b.changedFiles.join(', ') : '')] : null]);
        const v = body.lastVerification;
        items.push(['Last verification', v ? [v.ok ? 'OK' : 'FAILED', utc(v.checkedAt) + ', ' + v.message] : null]);
        const d = body.lastDrill;
        items.push(['Last restore drill', d ? [d.ok ? 'OK' : 'FAILED', utc(d.date) + ', ' + d.message] : null]);
        if (body.lastFailure) {
            items.push(['Problem', ['FAILED', body.lastFailure]]);
        }
        items.push(...offHostItems(body.offHost));
        summary.replaceChildren(...items.map(([label, value]) => {
            const li = document.createElement('li');
            li.append(label + ': ');
            if (value) {
                li.append(statusElement(value[0]), ' ' + value[1]);
            } else {
                li.append('none yet');
            }
            return li;
        }));
        fill(table.tBodies[0], list, (tr, item) => {
            cell(tr, item.name);
            cell(tr, utc(item.created), 'time');
            cell(tr, bytes(item.bytes));
            cell(tr, statusElement(item.verified ? 'OK' : 'NOT VERIFIED'));
            cell(tr, item.checksum ? 'yes' : 'missing');
            cell(tr, item.encrypted ? 'yes' : 'no');
        });
        table.hidden = list.length === 0;
    }

    /**
     * The off-host copies of /api/backups, only when a remote is configured: where, the newest remote copy checked
     * end to end and its age, the last upload, what waits; a failed pass as its own FAILED line.
     */
    function offHostItems(o) {
        if (!o || !o.configured) {
            return [];
        }
        const parts = [o.location];
        parts.push(o.newestVerified
            ? 'newest verified ' + o.newestVerified + ' (taken ' + utc(o.newestVerifiedAt) + ', '
                + duration(Math.max(0, o.newestVerifiedAgeSec)) + ' old)'
            : 'no verified remote copy yet');
        parts.push(o.lastUpload ? 'last upload ' + o.lastUpload + ' at ' + utc(o.lastUploadAt) : 'no upload yet');
        if (o.pending > 0) {
            parts.push(o.pending + (o.pending === 1 ? ' archive waits' : ' archives wait') + ' to be copied');
        }
        const word = o.lastFailure ? 'FAILED' : (o.newestVerified ? 'OK' : 'NOT VERIFIED');
        const items = [['Off-host copies', [word, parts.join('; ')]]];
        if (o.lastFailure) {
            items.push(['Off-host problem', ['FAILED', o.lastFailure
                + (o.nextAttemptAt ? '; next attempt ' + utc(o.nextAttemptAt) : '')]]);
        }
        return items;
    }

    /* ---------- fleet ---------- */

    // null until api/fleet/source answered; false without ops.fleet.prometheusUrl, and then nothing else is asked
    let fleetEnabled = null;

    function age(seconds) {
        return seconds === null || seconds === undefined ? '' : duration(Math.max(0, seconds)) + ' old';
    }

    /** A backup's cell: when it was taken and its age, or a word for none. */
    function backupCell(row, at, ageSeconds, none) {
        const td = cell(row, at ? age(ageSeconds) : none, 'time');
        if (at) {
            td.title = 'taken ' + utc(at);
            td.dataset.taken = at;
        }
        return td;
    }

    function hostLink(host) {
        const url = host.dashboardUrl;
        // the server builds it as http://host:port/; the page only links what is plainly that
        if (!url || !/^https?:\/\/[^\/?#]+\/$/.test(url)) {
            return host.instance;
        }
        const a = document.createElement('a');
        a.setAttribute('href', url);
        a.textContent = host.instance;
        return a;
    }

    /** GET api/fleet: every host Prometheus scrapes; only once api/fleet/source said there is a fleet view. */
    async function refreshFleet() {
        if (fleetEnabled === null) {
            const source = await apiJson('api/fleet/source');
            if (!source.ok || !source.body) {
                return; // an older server without the fleet view: ask again at the next refresh
            }
            fleetEnabled = source.body.enabled === true;
            if (fleetEnabled) {
                $('fleet-note').textContent = 'As Prometheus at ' + source.body.prometheus + ' last scraped the hosts of job '
                    + source.body.job + '; each host links to its own dashboard.';
            }
        }
        if (!fleetEnabled) {
            return;
        }
        const answer = await apiJson('api/fleet', true);
        const section = $('fleet-section');
        if (!answer.ok || !answer.body) {
            if (answer.status === 404) {
                section.hidden = true;
                return;
            }
            section.hidden = false;
            $('fleet-error').textContent = (answer.body && answer.body.message)
                || 'The fleet could not be read (HTTP ' + answer.status + ').';
            document.getElementById('fleet').classList.add('stale-table');
            return;
        }
        section.hidden = false;
        $('fleet-error').textContent = '';
        document.getElementById('fleet').classList.remove('stale-table');
        const hosts = answer.body.hosts || [];
        $('fleet-count').textContent = '(' + hosts.length + (hosts.length === 1 ? ' host)' : ' hosts)');
        fill($('fleet').tBodies[0], hosts, (tr, host) => {
            tr.dataset.instance = host.instance;
            cell(tr, hostLink(host), 'host');
            cell(tr, statusElement(host.up ? 'UP' : 'DOWN'), 'up');
            cell(tr, host.up ? statusElement(host.status || 'UNKNOWN') : 'not scraped', 'overall');
            cell(tr, host.bot ? statusElement(host.bot) : (host.up ? 'no bot check' : ''), 'bot');
            backupCell(tr, host.newestBackup, host.newestBackupAgeSeconds, host.up ? 'none' : '');
            backupCell(tr, host.newestRemoteBackup, host.newestRemoteBackupAgeSeconds, '');
            cell(tr, (host.alerts || []).join(', '), 'alerts');
        });
    }

    /* ---------- the 5 s refresh ---------- */

    let refreshTimer = null;
    let haveHour = false;
    let lastBackups = 0;

    async function refresh() {
        // a hidden tab asks nothing; the timer goes on, and the page catches up when shown (see start)
        if (waitingForSignIn || document.hidden) {
            return;
        }
        try {
            // the first call takes the whole hour; later ones only the last minute, merged by sample time
            const minutes = haveHour ? 1 : WINDOW_MINUTES;
            // one after the other: three at once on a fresh server meet a race in Payara's first JSON-B set-up
            // (a 500 with ConcurrentModificationException in JaxRSJsonContextResolver); on loopback it costs little
            const health = await apiJson('api/health');
            const bot = await apiJson('api/bot');
            const metrics = await apiJson('api/metrics/health');
            const monitoring = await apiJson('api/monitoring?minutes=' + minutes);
            renderHealth(health);
            renderBot(bot);
            if (metrics.ok) {
                renderMetrics(metrics);
            }
            if (monitoring.ok && monitoring.body) {
                haveHour = true;
                addSamples(monitoring.body.history);
                renderAlerts(monitoring.body);
                renderMaintenance(monitoring.body);
            }
            renderCharts();
            lastGood = new Date();
            $('updated').textContent = 'updated ' + clock(lastGood);
            if (Date.now() - lastBackups >= BACKUPS_EVERY_MS) {
                lastBackups = Date.now();
                await refreshBackups();
            }
            // last: a Prometheus that does not answer holds this up to its deadline, and nothing else waits on it
            await refreshFleet();
        } catch (e) {
            if (!(e instanceof Unreachable) && !(e instanceof SignInNeeded)) {
                throw e;
            }
        }
    }

    function refreshNow(then) {
        clearTimeout(refreshTimer);
        const next = () => {
            refreshTimer = setTimeout(refreshNow, REFRESH_MS);
            if (then) {
                then();
            }
        };
        refresh().then(next, (e) => {
            next();
            throw e;
        });
    }

    /* ---------- logs ---------- */

    let logCursor = null;
    let logCount = 0;
    let logLoading = false;

    function localToIso(value) {
        if (!value) {
            return '';
        }
        const date = new Date(value); // datetime-local has no zone: the browser's local time
        return isNaN(date) ? '' : date.toISOString();
    }

    function logQuery() {
        const params = new URLSearchParams();
        const level = $('log-level').value;
        if (level) {
            // "ERROR," is a list of one level (only ERROR); "WARN" alone is a minimum (WARN and ERROR)
            params.set('level', level);
        }
        for (const [name, id] of [['component', 'log-component'], ['source', 'log-source'], ['q', 'log-q']]) {
            const v = $(id).value.trim();
            if (v) {
                params.set(name, v);
            }
        }
        const since = localToIso($('log-since').value);
        const until = localToIso($('log-until').value);
        if (since) {
            params.set('since', since);
        }
        if (until) {
            params.set('until', until);
        }
        params.set('limit', $('log-limit').value);
        return params;
    }

    async function loadLogs(older) {
        if (logLoading || waitingForSignIn) {
            return;
        }
        const params = logQuery();
        if (older) {
            if (!logCursor) {
                return;
            }
            params.set('cursor', logCursor);
        }
        logLoading = true;
        $('log-older').disabled = true;
        $('log-error').textContent = '';
        try {
            const answer = await apiJson('api/logs?' + params);
            if (!answer.ok) {
                $('log-error').textContent = (answer.body && answer.body.message) || 'The log query failed (HTTP ' + answer.status + ').';
                return;
            }
            const tbody = $('log-entries').tBodies[0];
            if (!older) {
                tbody.replaceChildren();
                logCount = 0;
            }
            for (const entry of answer.body.entries || []) {
                tbody.appendChild(logRow(entry));
                suggestSource(entry.source);
                logCount++;
            }
            logCursor = answer.body.nextCursor || null;
            $('log-summary').textContent = logCount + (logCount === 1 ? ' entry' : ' entries') + ', newest first'
                + (logCursor ? '.' : '; no older entries match.');
        } catch (e) {
            if (!(e instanceof Unreachable) && !(e instanceof SignInNeeded)) {
                throw e;
            }
        } finally {
            logLoading = false;
            $('log-older').disabled = !logCursor;
        }
    }

    /** The log a source file belongs to: bot.log for bot.log.1 or bot.log.2.gz, as the source filter takes it. */
    function logName(source) {
        const match = /^(.+?\.log)(\..*)?$/.exec(String(source || ''));
        return match ? match[1] : '';
    }

    /** Offers each log seen in an answer in the source filter's list, after ops and others. */
    function suggestSource(source) {
        const name = logName(source);
        const list = $('log-sources');
        if (name && ![...list.options].some((o) => o.value === name)) {
            const option = document.createElement('option');
            option.value = name;
            list.appendChild(option);
        }
    }

    const LEVEL_MARKS = {CRITICAL: '\u2715\u2715 CRITICAL', ERROR: '\u2715 ERROR', WARN: '! WARN'};

    function logRow(entry) {
        const tr = document.createElement('tr');
        const level = String(entry.level || '').toUpperCase();
        tr.className = 'level-' + level.toLowerCase();
        tr.dataset.level = level;
        cell(tr, utc(entry.timestamp), 'time').title = entry.timestamp || '';
        cell(tr, LEVEL_MARKS[level] || level, 'level');
        cell(tr, entry.component, 'component');
        const message = cell(tr, entry.message, 'message');
        if (entry.stackTrace) {
            const details = document.createElement('details');
            const summary = document.createElement('summary');
            summary.textContent = 'stack trace';
            const pre = document.createElement('pre');
            pre.textContent = entry.stackTrace;
            details.append(summary, pre);
            message.appendChild(details);
        }
        const fields = Object.entries(entry.fields || {}).map(([k, v]) => k + '=' + v).join(' ');
        message.title = [entry.logger, entry.thread, fields, entry.source].filter(Boolean).join('\n');
        cell(tr, entry.source, 'source');
        return tr;
    }

    /* ---------- start ---------- */

    document.addEventListener('DOMContentLoaded', () => {
        $('signin').addEventListener('submit', signIn);
        $('signout').addEventListener('click', signOut);
        $('signout').hidden = !sessionStorage.getItem(AUTH_KEY);
        $('log-filters').addEventListener('submit', (event) => {
            event.preventDefault();
            loadLogs(false);
        });
        $('log-older').addEventListener('click', () => loadLogs(true));
        $('alert-history-more').addEventListener('click', toggleHistory);
        followWidths();
        document.addEventListener('visibilitychange', () => {
            if (!document.hidden) {
                haveHour = false; // samples were missed while hidden: take the whole hour again
                refreshNow();
            }
        });
        refreshNow(() => loadLogs(false));
    });
})();
