/*
 * libdatasset — umbrella header: includes every public header.
 * SPDX-License-Identifier: MIT
 */
#ifndef DATASSET_H
#define DATASSET_H

#include "common.h"
#include "catalog.h"
#include "decimal.h"
#include "policy.h"
#include "valuation.h"
#include "ledger.h"
#include "settlement.h"
#include "registry.h"
#include "translog.h"
#include "certificate.h"
#include "probe.h"
#include "compliance.h"

#endif
