#!/usr/bin/env bash
# The consumer testbeds (RabbitMQ, Kafka): start-up to the consumer's ready line (CPU time, wall, peak RSS, as
# bench/startup.sh) and one message in flight at SIGTERM → exit (as bench/exit.sh, the "last response" being the
# testbed's line that the message's work is done). Needs RabbitMQ on RABBIT_URL (default amqp://guest:guest@
# 127.0.0.1:5672); starts a single-node Kafka broker (KRaft) of its own from kafka-broker/target/broker-lib.
# Both consumers of each testbed (CONSUMERS, default "plain spring": the client's own API, Spring Boot's listener).
# Usage: bench/consumers.sh [runs]   (DB_URL, DB_USER reach the testbeds; JAVA_HOME selects the JDK)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f testbed-kafka/target/testbed-kafka.jar ] && [ -d kafka-broker/target/broker-lib ] || mvn -B -q -DskipTests package
work=$(mktemp -d)
broker=
trap '[ -n "$broker" ] && kill "$broker" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

# the clients bench/Publish.java sends with, from the testbeds' own jars
unzip -q -j -d "$work/cp" testbed-rabbitmq/target/testbed-rabbitmq.jar 'BOOT-INF/lib/amqp-client-*' 'BOOT-INF/lib/slf4j-api-*'
unzip -q -j -d "$work/cp" testbed-kafka/target/testbed-kafka.jar 'BOOT-INF/lib/kafka-clients-*'
publish="$java -cp '$work/cp/*' bench/Publish.java"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
controller=$(free_port)
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka-data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
broker_cp="kafka-broker/target/broker-lib/*"
"$java" -Xmx256m -cp "$broker_cp" kafka.tools.StorageTool format -t "$(python3 -c 'import base64,os; print(base64.urlsafe_b64encode(b"\x10"+os.urandom(15)).decode().rstrip("="))')" \
  -c "$work/server.properties" > "$work/format.log" 2>&1
"$java" -Xmx512m -cp "$broker_cp" kafka.Kafka "$work/server.properties" > "$work/broker.log" 2>&1 &
broker=$!
for _ in $(seq 300); do
  eval "$publish kafka 127.0.0.1:$port warm-up warm-up" >/dev/null 2>&1 && break
  sleep 1
done
bootstrap=127.0.0.1:$port

export JOB_PERIOD_MS=0
for consumer in ${CONSUMERS:-plain spring}; do
  export CONSUMER=$consumer
  echo "## CONSUMER=$consumer: start-up to the consumer's ready line"
  QUEUE=bench-startup READY_LINE="consuming from queue" "$java" bench/StartupBench.java agent/target/graceful-agent.jar \
    "$runs" testbed-rabbitmq/target/testbed-rabbitmq.jar
  # a group of its own per launch: a new member of a group whose last member died waits out its session
  KAFKA_BOOTSTRAP=$bootstrap TOPIC=startup GROUP='startup-{launch}' READY_LINE="ready on port" \
    "$java" bench/StartupBench.java agent/target/graceful-agent.jar "$runs" testbed-kafka/target/testbed-kafka.jar

  echo "## CONSUMER=$consumer: one message in flight at SIGTERM: its work done → exit"
  QUEUE=bench-exit READY_LINE="consuming from queue" \
    SEND_WORK="$publish rabbitmq amqp://guest:guest@127.0.0.1:5672 bench-exit m" \
    WORK_STARTED_LINE="started m" WORK_DONE_LINE="finished m" \
    "$java" bench/DrainLatency.java agent/target/graceful-agent.jar "$runs" testbed-rabbitmq/target/testbed-rabbitmq.jar
  # the runs without the agent leave a dead member behind; a short session lets the next launch join soon
  KAFKA_BOOTSTRAP=$bootstrap TOPIC=exit-$consumer GROUP=exit-$consumer SESSION_TIMEOUT_MS=6000 READY_LINE="ready on port" \
    SEND_WORK="$publish kafka $bootstrap exit-$consumer r" WORK_STARTED_LINE="record r started" WORK_DONE_LINE="record r done" \
    "$java" bench/DrainLatency.java agent/target/graceful-agent.jar "$runs" testbed-kafka/target/testbed-kafka.jar
done
