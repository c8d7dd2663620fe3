/**
 * Scale-out over Redis: a session directory and publish/subscribe relay that let several
 * instances of an application act as one.
 */
@NullMarked
package dev.lifeline.cluster;

import org.jspecify.annotations.NullMarked;
