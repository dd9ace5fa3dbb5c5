/*
 * bench_load: the end-to-end benchmark's load generator and observer (Benchmarks/e2e/README.md).
 *
 * One thread, two libmosquitto clients driven by one ppoll() loop (no busy polling, no sleeps):
 *   - "pub" publishes telemetry for the tags of a manifest (gen_catalog.py), single samples on
 *     hz/{enterprise}/{tag} or 50-point batches on hz/{enterprise}, flat out with at most --window
 *     publishes not yet completed (QoS 0: written to the socket; QoS 1: PUBACKed), or paced at --rate
 *     messages/s against an absolute schedule, waking once per --tick-us (1 ms) to send what is due;
 *   - "obs" subscribes to hazmon/events/# and bench/ceiling/# and sees the acknowledgements of the
 *     marker samples (hazmon: the event of the marker tag; the bare subscriber: its echo) and, with
 *     --latency, every gas-detector event.
 *
 * Sequence: READY pings (a marker sample every 100 ms until one is acknowledged: the subscriber is
 * connected, subscribed and evaluating), --warmup messages, START marker, wait for its ack, then
 * t0, --count messages, END marker, wait for its ack = t1. Messages are delivered in order on one
 * connection, so END's ack means every message before it was consumed. Rate = count / (t1 - t0).
 *
 * Values: every sample of a gas tag (manifest class g) carries base + (item % 1e7) * 1e-7, so the
 * `value` of an event names the item (sample) that caused it; about one item in --spike-every is a
 * gas sample at 60 (over the zero-delay HH), which activates HH, and the tag's next sample returns it.
 * With --latency the send time of each item is kept (CLOCK_MONOTONIC, ns) and each gas event's
 * latency is receive time - send time of its item (µs). As a cross-check the event's `ts` (the
 * sample's ts = the send time in ms, CLOCK_REALTIME) is compared with the receive wall clock (ms).
 *
 * Output: one line of key=value pairs on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH_POINTS_DEFAULT 50
#define SEQ_MOD 10000000LL

typedef struct {
    char *enterprise;
    char *tag;
    char cls; /* g gas, a analog, b boolean */
    double normal, noise, spike;
    char *topic;        /* hz/{enterprise}/{tag} */
    char *point_prefix; /* {"tag":"{tag}","v": */
    int point_prefix_len;
} Tag;

static Tag *tags;
static int ntags, nent, tags_per_ent;
static char **ent_ids;
static char **ent_topics; /* hz/{enterprise} */

/* options */
static int port = 1883, qos = 1, window = 1000, batch_points = 0, latency = 0;
static long long count = 500000, warmup = 20000;
static double rate = 0; /* messages/s, 0 = flat out */
static int64_t tick_ns = 1000000; /* paced mode: publish what is due once per tick */
static long long spike_every = 1000;
static const char *manifest = "manifest.tsv", *ack_mode = "hazmon", *client_id = "bench-load";
static const char *pids_spec = "";

/* state */
static struct mosquitto *pub, *obs;
static long long published, completed; /* publishes handed over / written (QoS 0) or acked (QoS 1) */
static volatile int ready_acked, start_acked, end_acked, obs_subscribed, pub_connected, obs_connected;
static int64_t t_end_ack_ns;
static int64_t *send_ns;      /* per item, with --latency */
static long long total_items;     /* items (samples) that get an index */
static long long timed_from_item; /* first item of the timed phase */
static int64_t *lat_us;       /* latency samples */
static long long lat_n, lat_cap, lat_unknown;
static int64_t *tslat_ms;
static unsigned char *seen; /* first event per item only */
static long long events_seen;
static long long last_ts; /* greatest ts issued; rounds never repeat a tag's ts */
static long long marker_ts[3];

static int64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void die(const char *what, int rc) {
    fprintf(stderr, "bench_load: %s: %s\n", what, rc ? mosquitto_strerror(rc) : strerror(errno));
    exit(2);
}

static uint64_t mix(uint64_t x) { /* splitmix64 finaliser */
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static void load_manifest(void) {
    FILE *f = fopen(manifest, "r");
    if (!f) die(manifest, 0);
    int cap = 16384;
    tags = calloc(cap, sizeof(Tag));
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char ent[128], tag[128], cls[8];
        double normal, noise, spike;
        if (sscanf(line, "%127s %127s %7s %lf %lf %lf", ent, tag, cls, &normal, &noise, &spike) != 6) continue;
        if (ntags == cap) tags = realloc(tags, sizeof(Tag) * (cap *= 2));
        Tag *t = &tags[ntags++];
        t->enterprise = strdup(ent);
        t->tag = strdup(tag);
        t->cls = cls[0];
        t->normal = normal;
        t->noise = noise;
        t->spike = spike;
        if (asprintf(&t->topic, "hz/%s/%s", ent, tag) < 0) die("asprintf", 0);
        t->point_prefix_len = asprintf(&t->point_prefix, "{\"tag\":\"%s\",\"v\":", tag);
        if (t->point_prefix_len < 0) die("asprintf", 0);
    }
    fclose(f);
    if (ntags == 0) die("empty manifest", 0);
    ent_ids = calloc(ntags, sizeof(char *));
    for (int i = 0; i < ntags; i++)
        if (nent == 0 || strcmp(ent_ids[nent - 1], tags[i].enterprise) != 0) ent_ids[nent++] = tags[i].enterprise;
    if (ntags % nent) die("manifest: enterprises must have equal tag counts", 0);
    tags_per_ent = ntags / nent;
    if (batch_points && tags_per_ent % batch_points) die("manifest: tags per enterprise must be a multiple of --batch", 0);
    ent_topics = calloc(nent, sizeof(char *));
    for (int e = 0; e < nent; e++)
        if (asprintf(&ent_topics[e], "hz/%s", ent_ids[e]) < 0) die("asprintf", 0);
}

/* ---- value model ---- */
static long long spike_period; /* among gas samples */

/* Formatting is hand-rolled (no snprintf per value): the generator shares the two cores with the
 * broker and the subscriber, so every µs it spends per message is taken from what it measures. */
static int put_uint(char *out, unsigned long long x) {
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + x % 10);
        x /= 10;
    } while (x);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

static const long long pow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

static int put_fixed(char *out, double v, int decimals) { /* like %.{decimals}f for |v| < 9e9 */
    int n = 0;
    if (v < 0) {
        out[n++] = '-';
        v = -v;
    }
    long long scaled = llround(v * (double)pow10[decimals]);
    n += put_uint(out + n, (unsigned long long)(scaled / pow10[decimals]));
    out[n++] = '.';
    long long frac = scaled % pow10[decimals];
    for (int d = decimals - 1; d >= 0; d--) {
        out[n + d] = (char)('0' + frac % 10);
        frac /= 10;
    }
    return n + decimals;
}

static int value_text(char *out, long long item, const Tag *t, long long *spikes) {
    switch (t->cls) {
    case 'b': memcpy(out, "false", 5); return 5;
    case 'g': {
        double base = t->normal;
        if (spike_period > 0 && mix((uint64_t)item) % (uint64_t)spike_period == 0) {
            base = t->spike;
            (*spikes)++;
        }
        return put_fixed(out, base + (double)(item % SEQ_MOD) * 1e-7, 7);
    }
    default: {
        double u = (double)(mix((uint64_t)item * 31 + 7) % 2001) / 1000.0 - 1.0;
        return put_fixed(out, t->normal + t->noise * u, 5);
    }
    }
}

/* ---- publishing ---- */
static char payload[65536];
static long long spikes;
static long long items_per_round; /* every tag once per round */
static long long round_floor;     /* least ts of the current round */

static long long ts_for(long long item) {
    if (item % items_per_round == 0) round_floor = last_ts + 1;
    long long now = wall_ms();
    long long ts = now > round_floor ? now : round_floor;
    if (ts > last_ts) last_ts = ts;
    return ts;
}

static void publish_raw(const char *topic, const char *body, int len, int q) {
    int rc = mosquitto_publish(pub, NULL, topic, len, body, q, false);
    if (rc != MOSQ_ERR_SUCCESS) die("publish", rc);
    published++;
}

#define PUT(lit) (memcpy(payload + n, lit, sizeof lit - 1), n += (int)(sizeof lit - 1))

/* Message number m (0-based over the whole run): one sample or one batch. */
static void publish_message(long long m) {
    int n = 0;
    if (!batch_points) {
        long long item = m;
        long long p = item % ntags;
        const Tag *t = &tags[(p % nent) * tags_per_ent + p / nent];
        long long ts = ts_for(item);
        PUT("{\"ts\":");
        n += put_uint(payload + n, (unsigned long long)ts);
        PUT(",\"v\":");
        n += value_text(payload + n, item, t, &spikes);
        payload[n++] = '}';
        if (send_ns && item < total_items) send_ns[item] = mono_ns();
        publish_raw(t->topic, payload, n, qos);
    } else {
        long long chunks = tags_per_ent / batch_points;
        int e = (int)(m % nent);
        long long chunk = (m / nent) % chunks;
        long long item0 = m * batch_points;
        long long ts = ts_for(item0);
        PUT("{\"ts\":");
        n += put_uint(payload + n, (unsigned long long)ts);
        PUT(",\"points\":[");
        for (int j = 0; j < batch_points; j++) {
            const Tag *t = &tags[e * tags_per_ent + chunk * batch_points + j];
            if (j) payload[n++] = ',';
            memcpy(payload + n, t->point_prefix, t->point_prefix_len);
            n += t->point_prefix_len;
            n += value_text(payload + n, item0 + j, t, &spikes);
            payload[n++] = '}';
        }
        PUT("]}");
        if (send_ns && item0 < total_items) send_ns[item0] = mono_ns();
        publish_raw(ent_topics[e], payload, n, qos);
    }
}

static const char *marker_names[3] = {"READY", "START", "END"};

static void publish_marker(int which, double v) {
    char topic[64], body[96];
    long long ts = wall_ms();
    if (ts <= marker_ts[which]) ts = marker_ts[which] + 1;
    marker_ts[which] = ts;
    snprintf(topic, sizeof topic, "hz/E-BENCH-CTL/%s", marker_names[which]);
    int n = snprintf(body, sizeof body, "{\"ts\":%lld,\"v\":%g}", ts, v);
    publish_raw(topic, body, n, 1); /* markers always QoS 1: never lost */
}

/* ---- callbacks ---- */
static void on_pub_connect(struct mosquitto *m, void *u, int rc, int flags, const mosquitto_property *p) {
    (void)m, (void)u, (void)flags, (void)p;
    if (rc) die("pub connect refused", rc);
    pub_connected = 1;
}

static void on_pub_publish(struct mosquitto *m, void *u, int mid, int rc, const mosquitto_property *p) {
    (void)m, (void)u, (void)mid, (void)rc, (void)p;
    completed++;
}

static void on_obs_connect(struct mosquitto *m, void *u, int rc, int flags, const mosquitto_property *p) {
    (void)u, (void)flags, (void)p;
    if (rc) die("obs connect refused", rc);
    obs_connected = 1;
    char *subs[] = {"hazmon/events/#", "bench/ceiling/#"};
    int r = mosquitto_subscribe_multiple(m, NULL, 2, subs, 1, 0, NULL);
    if (r) die("subscribe", r);
}

static void on_obs_subscribe(struct mosquitto *m, void *u, int mid, int n, const int *g, const mosquitto_property *p) {
    (void)m, (void)u, (void)mid, (void)n, (void)g, (void)p;
    obs_subscribed = 1;
}

static const char *json_field(const char *s, int len, const char *key) {
    size_t k = strlen(key);
    const char *end = s + len;
    for (const char *q = s; q + k < end; q++)
        if (memcmp(q, key, k) == 0) return q + k;
    return NULL;
}

static long long parse_rfc3339_ms(const char *s) { /* 2025-11-22T03:41:00.123Z */
    struct tm tm = {0};
    int ms = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
               &tm.tm_sec, &ms) < 6)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm) * 1000 + ms;
}

static void on_obs_message(struct mosquitto *m, void *u, const struct mosquitto_message *msg, const mosquitto_property *p) {
    (void)m, (void)u, (void)p;
    int64_t now = mono_ns();
    const char *topic = msg->topic;
    const char *marker = NULL;
    if (strncmp(topic, "hazmon/events/E-BENCH-CTL/", 26) == 0 && strcmp(ack_mode, "hazmon") == 0) marker = topic + 26;
    if (strncmp(topic, "bench/ceiling/", 14) == 0 && strcmp(ack_mode, "ceiling") == 0) marker = topic + 14;
    if (marker) {
        if (strcmp(marker, "READY") == 0) ready_acked = 1;
        else if (strcmp(marker, "START") == 0) start_acked = 1;
        else if (strcmp(marker, "END") == 0) {
            end_acked = 1;
            t_end_ack_ns = now;
        }
        return;
    }
    if (strncmp(topic, "hazmon/events/", 14) != 0) return;
    events_seen++;
    if (!latency) return;
    const char *tag = strrchr(topic, '/');
    if (!tag || !(tag[1] == 'G' || tag[1] == 'A') || !(tag[2] == 'T') || strstr(tag, ".FLT")) return;
    const char *pl = msg->payload;
    const char *v = json_field(pl, msg->payloadlen, "\"value\":");
    const char *ts = json_field(pl, msg->payloadlen, "\"ts\":\"");
    if (!v || !ts) return;
    double value = strtod(v, NULL);
    long long item = llround((value - floor(value)) * 1e7);
    if (item < 0 || item >= total_items || send_ns[item] == 0) {
        lat_unknown++;
        return;
    }
    if (item < timed_from_item) return; /* warm-up (flat out): not part of the paced measurement */
    if (seen[item]) return;
    seen[item] = 1;
    if (lat_n == lat_cap) {
        lat_cap = lat_cap ? lat_cap * 2 : 65536;
        lat_us = realloc(lat_us, lat_cap * sizeof *lat_us);
        tslat_ms = realloc(tslat_ms, lat_cap * sizeof *tslat_ms);
    }
    lat_us[lat_n] = (now - send_ns[item]) / 1000;
    long long tms = parse_rfc3339_ms(ts);
    tslat_ms[lat_n] = tms > 0 ? wall_ms() - tms : -1;
    lat_n++;
}

/* ---- the loop ---- */
static void service(struct mosquitto *m, short revents) {
    int rc = MOSQ_ERR_SUCCESS;
    if (revents & (POLLIN | POLLHUP | POLLERR)) rc = mosquitto_loop_read(m, 1);
    if (rc == MOSQ_ERR_SUCCESS && (revents & POLLOUT)) rc = mosquitto_loop_write(m, 1);
    if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_misc(m);
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) die(m == pub ? "pub loop" : "obs loop", rc);
}

/* Waits for socket activity at most timeout_ns (<0: 1 s) and services both clients. */
static void pump(int64_t timeout_ns) {
    struct pollfd fds[2] = {
        {.fd = mosquitto_socket(pub), .events = POLLIN | (mosquitto_want_write(pub) ? POLLOUT : 0)},
        {.fd = mosquitto_socket(obs), .events = POLLIN | (mosquitto_want_write(obs) ? POLLOUT : 0)},
    };
    if (timeout_ns < 0) timeout_ns = 1000000000LL;
    struct timespec to = {.tv_sec = timeout_ns / 1000000000LL, .tv_nsec = timeout_ns % 1000000000LL};
    int n = ppoll(fds, 2, &to, NULL);
    if (n < 0 && errno != EINTR) die("ppoll", 0);
    service(pub, n > 0 ? fds[0].revents : 0);
    service(obs, n > 0 ? fds[1].revents : 0);
}

static void wait_for(volatile int *flag, double seconds, const char *what) {
    int64_t deadline = mono_ns() + (int64_t)(seconds * 1e9);
    while (!*flag) {
        if (mono_ns() > deadline) {
            fprintf(stderr, "bench_load: timed out waiting for %s\n", what);
            exit(3);
        }
        pump(100000000LL);
    }
}

/* Publishes messages [from, to): flat out within the window, or paced at `rate`. */
static void run_messages(long long from, long long to, int64_t *t_last_publish) {
    int64_t start = mono_ns();
    for (long long m = from; m < to;) {
        if (published - completed >= window) {
            pump(-1); /* blocks until the broker takes more */
            continue;
        }
        if (rate > 0) {
            int64_t due = start + (int64_t)((double)(m - from) * 1e9 / rate);
            int64_t now = mono_ns();
            if (now < due) {
                /* sleep to the next tick boundary at or after `due`: one wake-up per tick, not per message */
                int64_t wake = start + (due - start + tick_ns - 1) / tick_ns * tick_ns;
                pump(wake - now);
                continue;
            }
        }
        publish_message(m++);
        if ((m & 31) == 0) pump(0);
    }
    *t_last_publish = mono_ns();
}

/* ---- CPU of other processes, from /proc/PID/stat (utime+stime, clock ticks) ---- */
typedef struct {
    char name[32];
    int pid;
    long long t0, t1;
} Watched;
static Watched watched[8];
static int nwatched;

static long long proc_ticks(int pid) {
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    unsigned long long ut = 0, st = 0;
    /* after ")": state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15) */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2) return -1;
    return (long long)(ut + st);
}

/* Busy time of the whole machine (all CPUs), from /proc/stat, in clock ticks. */
static long long machine_busy_ticks(void) {
    FILE *f = fopen("/proc/stat", "r");
    if (!f) return -1;
    unsigned long long user, nice, sys, idle, iowait, irq, softirq, steal;
    int n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait, &irq,
                   &softirq, &steal);
    fclose(f);
    return n == 8 ? (long long)(user + nice + sys + irq + softirq + steal) : -1;
}

static long long self_ticks(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    return (long long)(s * sysconf(_SC_CLK_TCK));
}

static void parse_pids(void) {
    char *copy = strdup(pids_spec), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && nwatched < 8; tok = strtok_r(NULL, ",", &save)) {
        char *colon = strchr(tok, ':');
        if (!colon) continue;
        *colon = 0;
        snprintf(watched[nwatched].name, sizeof watched[nwatched].name, "%s", tok);
        watched[nwatched].pid = atoi(colon + 1);
        nwatched++;
    }
    free(copy);
}

static int cmp64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int64_t pct(int64_t *v, long long n, double p) {
    if (n == 0) return -1;
    long long i = (long long)ceil(p / 100.0 * n) - 1;
    if (i < 0) i = 0;
    if (i >= n) i = n - 1;
    return v[i];
}

static void usage(void) {
    fprintf(stderr,
            "usage: bench_load --port N --manifest FILE [--qos 0|1] [--batch 50] [--count N] [--warmup N]\n"
            "                  [--rate MSG_PER_S (0 = flat out)] [--tick-us 1000] [--window N] [--spike-every N] [--latency]\n"
            "                  [--ack hazmon|ceiling] [--client-id ID] [--pids name:pid,...]\n");
    exit(1);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT(name) (strcmp(a, name) == 0 && v && (i++, 1))
        if (OPT("--port")) port = atoi(v);
        else if (OPT("--qos")) qos = atoi(v);
        else if (OPT("--batch")) batch_points = atoi(v);
        else if (OPT("--count")) count = atoll(v);
        else if (OPT("--warmup")) warmup = atoll(v);
        else if (OPT("--rate")) rate = atof(v);
        else if (OPT("--window")) window = atoi(v);
        else if (OPT("--tick-us")) tick_ns = atoll(v) * 1000;
        else if (OPT("--spike-every")) spike_every = atoll(v);
        else if (OPT("--manifest")) manifest = v;
        else if (OPT("--ack")) ack_mode = v;
        else if (OPT("--client-id")) client_id = v;
        else if (OPT("--pids")) pids_spec = v;
        else if (strcmp(a, "--latency") == 0) latency = 1;
        else usage();
#undef OPT
    }
    signal(SIGPIPE, SIG_IGN);
    load_manifest();
    parse_pids();
    int per_message = batch_points ? batch_points : 1;
    items_per_round = ntags;
    long long gas = 0;
    for (int i = 0; i < ntags; i++) gas += tags[i].cls == 'g';
    /* spike one gas sample in spike_period: about one sample in spike_every overall */
    spike_period = spike_every > 0 ? llround((double)spike_every * gas / ntags) : 0;
    if (spike_every > 0 && spike_period < 1) spike_period = 1;
    total_items = (warmup + count) * per_message;
    timed_from_item = warmup * per_message;
    if (latency) {
        if (total_items >= SEQ_MOD) die("--latency needs (warmup+count)*points < 1e7", 0);
        send_ns = calloc(total_items, sizeof *send_ns);
        seen = calloc(total_items, 1);
    }

    mosquitto_lib_init();
    char id[256];
    snprintf(id, sizeof id, "%s-pub", client_id);
    pub = mosquitto_new(id, true, NULL);
    snprintf(id, sizeof id, "%s-obs", client_id);
    obs = mosquitto_new(id, true, NULL);
    if (!pub || !obs) die("mosquitto_new", 0);
    struct mosquitto *clients[2] = {pub, obs};
    for (int c = 0; c < 2; c++) {
        mosquitto_int_option(clients[c], MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
        mosquitto_int_option(clients[c], MOSQ_OPT_TCP_NODELAY, 1);
    }
    mosquitto_connect_v5_callback_set(pub, on_pub_connect);
    mosquitto_publish_v5_callback_set(pub, on_pub_publish);
    mosquitto_connect_v5_callback_set(obs, on_obs_connect);
    mosquitto_subscribe_v5_callback_set(obs, on_obs_subscribe);
    mosquitto_message_v5_callback_set(obs, on_obs_message);
    int rc;
    if ((rc = mosquitto_connect_bind_v5(obs, "127.0.0.1", port, 60, NULL, NULL))) die("obs connect", rc);
    if ((rc = mosquitto_connect_bind_v5(pub, "127.0.0.1", port, 60, NULL, NULL))) die("pub connect", rc);
    wait_for(&pub_connected, 10, "pub CONNACK");
    wait_for(&obs_subscribed, 10, "obs SUBACK");

    /* READY: until the subscriber answers (it may still be starting) */
    int64_t ready_deadline = mono_ns() + 60000000000LL;
    for (int k = 0; !ready_acked; k++) {
        publish_marker(0, (k & 1) ? 0 : 1);
        int64_t next = mono_ns() + 100000000LL;
        while (!ready_acked && mono_ns() < next) pump(next - mono_ns());
        if (mono_ns() > ready_deadline) die("no READY acknowledgement in 60 s", 0);
    }
    int64_t tdummy;
    run_messages(0, warmup, &tdummy);
    publish_marker(1, 1);
    wait_for(&start_acked, 600, "START acknowledgement (warm-up consumed)");

    long long events_before = events_seen, spikes_before = spikes;
    for (int w = 0; w < nwatched; w++) watched[w].t0 = proc_ticks(watched[w].pid);
    long long self0 = self_ticks(), machine0 = machine_busy_ticks();
    int64_t t0 = mono_ns(), t_last_publish;
    run_messages(warmup, warmup + count, &t_last_publish);
    publish_marker(2, 1);
    wait_for(&end_acked, 1800, "END acknowledgement (everything consumed)");
    int64_t t1 = t_end_ack_ns;
    for (int w = 0; w < nwatched; w++) watched[w].t1 = proc_ticks(watched[w].pid);
    long long self1 = self_ticks(), machine1 = machine_busy_ticks();
    /* let the QoS 1 handshakes of the last publishes finish before disconnecting */
    int64_t drain = mono_ns() + 2000000000LL;
    while (published > completed && mono_ns() < drain) pump(50000000LL);

    double secs = (t1 - t0) / 1e9, pub_secs = (t_last_publish - t0) / 1e9;
    double hz = (double)sysconf(_SC_CLK_TCK);
    printf("side=%s qos=%d points_per_msg=%d messages=%lld points=%lld seconds=%.4f msgs_per_s=%.0f points_per_s=%.0f"
           " publish_seconds=%.4f offered_msgs_per_s=%.0f spikes=%lld events=%lld",
           ack_mode, qos, per_message, count, count * per_message, secs, count / secs, count * per_message / secs,
           pub_secs, count / pub_secs, spikes - spikes_before, events_seen - events_before);
    for (int w = 0; w < nwatched; w++)
        printf(" cpu_%s=%.2f", watched[w].name,
               watched[w].t0 < 0 || watched[w].t1 < 0 ? -1.0 : (watched[w].t1 - watched[w].t0) / hz / secs);
    double ours = (self1 - self0) / hz / secs;
    printf(" cpu_load=%.2f", ours);
    for (int w = 0; w < nwatched; w++)
        if (watched[w].t0 >= 0 && watched[w].t1 >= 0) ours += (watched[w].t1 - watched[w].t0) / hz / secs;
    /* everything else the machine did meanwhile: other people's builds and tests, the kernel's own work */
    if (machine0 >= 0 && machine1 >= 0)
        printf(" cpu_machine=%.2f cpu_other=%.2f", (machine1 - machine0) / hz / secs,
               (machine1 - machine0) / hz / secs - ours);
    if (latency) {
        qsort(lat_us, lat_n, sizeof *lat_us, cmp64);
        qsort(tslat_ms, lat_n, sizeof *tslat_ms, cmp64);
        printf(" lat_n=%lld lat_p50_us=%" PRId64 " lat_p99_us=%" PRId64 " lat_p999_us=%" PRId64 " lat_max_us=%" PRId64
               " ts_lat_p50_ms=%" PRId64 " ts_lat_p99_ms=%" PRId64 " ts_lat_max_ms=%" PRId64 " lat_unknown=%lld",
               lat_n, pct(lat_us, lat_n, 50), pct(lat_us, lat_n, 99), pct(lat_us, lat_n, 99.9),
               lat_n ? lat_us[lat_n - 1] : -1, pct(tslat_ms, lat_n, 50), pct(tslat_ms, lat_n, 99),
               lat_n ? tslat_ms[lat_n - 1] : -1, lat_unknown);
    }
    printf("\n");
    fflush(stdout);
    mosquitto_disconnect(pub);
    mosquitto_disconnect(obs);
    mosquitto_destroy(pub);
    mosquitto_destroy(obs);
    mosquitto_lib_cleanup();
    return 0;
}
