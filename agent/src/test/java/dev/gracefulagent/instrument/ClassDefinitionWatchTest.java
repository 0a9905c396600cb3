package dev.gracefulagent.instrument;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** When the watch at {@code ClassLoader.defineClass} may replace the class file transformer. */
class ClassDefinitionWatchTest {

    @Test
    void usableWhenNoOptionNamesAClassArchive() {
        assertTrue(ClassDefinitionWatch.usableWith(Collections.<String>emptyList()));
        // the JDK's default archive holds only the JDK's classes, which are loaded before the switch
        assertTrue(ClassDefinitionWatch.usableWith(Arrays.asList("-Xmx512m", "-Xshare:auto", "-XX:+UseG1GC",
                "-javaagent:graceful-agent.jar", "-Dapp.shared=yes")));
    }

    @Test
    void notUsableWhenApplicationClassesMayComeFromAnArchive() {
        for (String option : new String[] {"-XX:SharedArchiveFile=app.jsa", "-XX:+AutoCreateSharedArchive",
            "-XX:ArchiveClassesAtExit=app.jsa", "-XX:AOTCache=app.aot", "-XX:AOTMode=on",
            "-XX:SharedClassListFile=classes.lst", "-Xshare:dump", "-XX:Flags=.hotspotrc"}) {
            assertFalse(ClassDefinitionWatch.usableWith(Arrays.asList("-Xmx512m", option)), option);
        }
    }
}
