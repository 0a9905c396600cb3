package dev.gracefulagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the one the code generates. */
class ReadmeTableTest {
    @Test
    void readmeTableMatchesTheSettings() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String start = "<!-- config-table:start -->\n";
        String table = readme.substring(readme.indexOf(start) + start.length(),
                readme.indexOf("<!-- config-table:end -->"));
        assertEquals(HelpText.markdownTable(), table,
                "README.md is out of date: paste the table printed by java -jar agent/target/graceful-agent.jar");
    }
}
