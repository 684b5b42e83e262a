/** The traffic figures the stats calls answer. */
package io.queuey.stats.entity;
