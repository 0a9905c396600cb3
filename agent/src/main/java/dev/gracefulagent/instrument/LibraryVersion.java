package dev.gracefulagent.instrument;

import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names the jar a class came from and its version, for the start-up warning about an unknown library version. */
final class LibraryVersion {
    /** "jetty-server-9.4.57.v20241219.jar", also inside a fat jar's nested URL. */
    private static final Pattern JAR_NAME = Pattern.compile("([^/!]+?)-(\\d[^/!]*?)\\.jar");

    private LibraryVersion() {
    }

    /** "jetty-server 9.4.57.v20241219", or where the class came from when the jar tells no version. */
    static String describe(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null) {
            return "an unknown location";
        }
        String fromManifest = fromManifest(location);
        if (fromManifest != null) {
            return fromManifest;
        }
        Matcher name = JAR_NAME.matcher(location.toString());
        String found = null;
        while (name.find()) {
            found = name.group(1) + " " + name.group(2);
        }
        if (found != null) {
            return found;
        }
        String path = location.getPath();
        String file = path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        return file.isEmpty() ? location.toString() : file;
    }

    private static String fromManifest(URL location) {
        if (!"file".equals(location.getProtocol()) || !location.getPath().endsWith(".jar")) {
            return null;
        }
        try (JarFile jar = new JarFile(new File(location.toURI()))) {
            Manifest manifest = jar.getManifest();
            if (manifest == null) {
                return null;
            }
            Attributes main = manifest.getMainAttributes();
            String version = first(main.getValue("Implementation-Version"), main.getValue("Bundle-Version"));
            String title = first(main.getValue("Bundle-SymbolicName"), main.getValue("Implementation-Title"));
            if (version == null) {
                return null;
            }
            return (title == null ? new File(location.getPath()).getName() : title.split(";")[0]) + " " + version;
        } catch (Exception e) {
            return null;
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
