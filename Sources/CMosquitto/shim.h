// libmosquitto (Debian: libmosquitto-dev), MQTT 3.1.1 and 5 client with its own network thread.
#include <mosquitto.h>
#include <mqtt_protocol.h>
