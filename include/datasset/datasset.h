/** @file
 * libdatasset — umbrella header: includes every public header.
 * SPDX-License-Identifier: MIT
 */
#ifndef DATASSET_H
#define DATASSET_H

/**
 * @mainpage libdatasset API reference
 *
 * libdatasset is a C11 library for data asset registration and valuation in
 * the Chinese data-element (数据要素) system. Include datasset.h for all of it,
 * or one module's header:
 *
 * - decimal.h: exact decimals, rounding, 人民币大写
 * - probe.h: automatic discovery (自动探查) of CSV files and SQLite tables
 * - catalog.h: the metadata catalogue (政务元数据)
 * - registry.h: the registry of data rights (产权登记)
 * - certificate.h: signed registration certificates (登记凭证)
 * - translog.h: keys, the Merkle transparency log, checkpoints
 * - valuation.h: valuation (数据资产评估)
 * - ledger.h: accounting recognition (入表)
 * - settlement.h: revenue of authorised operation (公共数据授权运营收益分配)
 * - policy.h: subsidy policies (奖补)
 * - common.h: status codes, error details, memory, version
 *
 * Conventions (the API rules of docs/design.md): output parameters first;
 * every function returns a status (DS_OK or a negative ds_status) and leaves
 * its outputs unchanged on failure, with details in ds_error_last(); each
 * comment says who owns what a function returns and whether it is
 * thread-safe. The user guide, with the domain rules and their sources, is
 * docs/README.md in the source tree.
 */

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
#include "pdf.h"

#endif
