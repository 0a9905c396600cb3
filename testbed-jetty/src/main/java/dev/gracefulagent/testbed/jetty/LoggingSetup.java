package dev.gracefulagent.testbed.jetty;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With LOGBACK_CAPTURES_STDERR=true, System.err is routed into Logback, as applications that capture stray
 * output do. Once Logback stops, whatever goes to System.err is gone.
 */
final class LoggingSetup {
    private LoggingSetup() {
    }

    static void apply() {
        if (Boolean.parseBoolean(System.getenv("LOGBACK_CAPTURES_STDERR"))) {
            System.setErr(new PrintStream(new LineToLogger(LoggerFactory.getLogger("stderr")), true,
                    StandardCharsets.UTF_8));
        }
    }

    private static final class LineToLogger extends OutputStream {
        private final Logger logger;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineToLogger(Logger logger) {
            this.logger = logger;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                logger.info(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
