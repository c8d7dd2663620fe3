/**
 * What differs per container: one {@link dev.lifeline.server.adapter.Connection} over
 * each container's WebSocket session, for Tomcat, Jetty's own API, Jetty's Jakarta
 * sessions and the portable Jakarta API. All access to a container's internals lives
 * here, in the Tomcat connection.
 */
@NullMarked
package dev.lifeline.server.adapter;

import org.jspecify.annotations.NullMarked;
