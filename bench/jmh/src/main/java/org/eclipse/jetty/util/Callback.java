package org.eclipse.jetty.util;

/** Stand-in for Jetty's {@code Callback}, a parameter type the integration resolves. */
public interface Callback {
}
