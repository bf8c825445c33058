/**
 * Serializers of operator state that must survive a change of the declared schema (a column added to a source
 * while its state is kept in a checkpoint).
 */
package dev.tributary.jobs.state;
