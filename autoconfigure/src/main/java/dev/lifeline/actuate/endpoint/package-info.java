/**
 * Actuator endpoint exposing live WebSocket sessions.
 */
@NullMarked
package dev.lifeline.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
