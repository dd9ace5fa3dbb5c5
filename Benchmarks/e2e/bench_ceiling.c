/*
 * bench_ceiling: the "ceiling" of the end-to-end benchmark (Benchmarks/e2e/README.md): a bare
 * libmosquitto subscriber that only counts messages.
 *
 * It connects the way hazmon's telemetry connection does (MQTT 5, persistent session with a one-day
 * session expiry, TCP_NODELAY, libmosquitto's default receive maximum of 20), subscribes to the same
 * filters at the same QoS (hz/+/+ and hz/+), and runs libmosquitto's loop on one thread. For each
 * message on hz/E-BENCH-CTL/{marker} it publishes its count on bench/ceiling/{marker} at QoS 1, the
 * way hazmon publishes the marker's alarm event, so bench_load times both sides the same way.
 * SIGTERM prints the count on stderr and exits.
 *
 * usage: bench_ceiling --port N [--qos 0|1] [--client-id ID] [--receive-max N]
 * --receive-max sets the MQTT 5 Receive Maximum (QoS 1 messages the broker may have unacknowledged
 * towards us); without it libmosquitto sends its default of 20, as hazmon does.
 */
#define _GNU_SOURCE
#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile unsigned long long received;

static void on_term(int sig) {
    (void)sig;
    char line[96];
    int n = snprintf(line, sizeof line, "bench_ceiling: stopped after %llu messages\n", received);
    (void)!write(2, line, n);
    _exit(0);
}

static int qos = 1;

static void on_connect(struct mosquitto *m, void *u, int rc, int flags, const mosquitto_property *p) {
    (void)u, (void)flags, (void)p;
    if (rc) {
        fprintf(stderr, "bench_ceiling: connect refused: %s\n", mosquitto_reason_string(rc));
        exit(2);
    }
    char *subs[] = {"hz/+/+", "hz/+"};
    mosquitto_subscribe_multiple(m, NULL, 2, subs, qos, 0, NULL);
}

static void on_message(struct mosquitto *m, void *u, const struct mosquitto_message *msg, const mosquitto_property *p) {
    (void)u, (void)p;
    received++;
    if (strncmp(msg->topic, "hz/E-BENCH-CTL/", 15) == 0) {
        char topic[128], body[32];
        snprintf(topic, sizeof topic, "bench/ceiling/%s", msg->topic + 15);
        int n = snprintf(body, sizeof body, "%llu", received);
        mosquitto_publish(m, NULL, topic, n, body, 1, false);
    }
}

int main(int argc, char **argv) {
    int port = 1883;
    const char *id = "bench-ceiling";
    int receive_max = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--port") == 0) port = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--qos") == 0) qos = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--client-id") == 0) id = argv[i + 1];
        else if (strcmp(argv[i], "--receive-max") == 0) receive_max = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "usage: bench_ceiling --port N [--qos 0|1] [--client-id ID] [--receive-max N]\n");
            return 1;
        }
    }
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(id, false, NULL);
    if (!m) return 2;
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    if (receive_max > 0) mosquitto_int_option(m, MOSQ_OPT_RECEIVE_MAXIMUM, receive_max);
    mosquitto_connect_v5_callback_set(m, on_connect);
    mosquitto_message_v5_callback_set(m, on_message);
    mosquitto_property *props = NULL;
    mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, 86400);
    int rc = mosquitto_connect_bind_v5(m, "127.0.0.1", port, 30, NULL, props);
    mosquitto_property_free_all(&props);
    if (rc) {
        fprintf(stderr, "bench_ceiling: connect: %s\n", mosquitto_strerror(rc));
        return 2;
    }
    fprintf(stderr, "bench_ceiling: running\n");
    rc = mosquitto_loop_forever(m, 1000, 1);
    fprintf(stderr, "bench_ceiling: loop ended: %s after %llu messages\n", mosquitto_strerror(rc), received);
    return 1;
}
