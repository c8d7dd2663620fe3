/**
 * Micrometer meters for the managed WebSocket endpoint.
 */
@NullMarked
package dev.lifeline.metrics;

import org.jspecify.annotations.NullMarked;
