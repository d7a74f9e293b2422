// Core errors of the account routes in HBP's words: Joi's messages for a bad body ("\"new_email\"
// is required"), HBP's statuses and messages where its clients saw other ones. Pure; thread-safe.
#pragma once

#include "common/status.h"

namespace portcullis::api::hbp {

// The account route an error came from, where HBP worded the same core error differently.
enum class AccountRoute { kEmail, kEmailTicket, kPassword, kPasswordTicket, kMfa, kDelete };

// `error` reworded for HBP's clients; its code may change (a taken address: 400, an unusable
// ticket: 401, as HBP answered them). Errors HBP had no counterpart for pass through.
Error HbpAccountError(Error error, AccountRoute route);

}  // namespace portcullis::api::hbp
