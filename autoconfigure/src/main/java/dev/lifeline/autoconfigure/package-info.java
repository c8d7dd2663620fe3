/**
 * Auto-configuration for Lifeline: managed WebSocket endpoint, heartbeat, cleanup and
 * observability.
 */
@NullMarked
package dev.lifeline.autoconfigure;

import org.jspecify.annotations.NullMarked;
