// Tests for zxcvbn's verdict as Portcullis reads it: whole-password patterns and the 0-4 score.
#include "core/password_strength.h"

#include <gtest/gtest.h>

#include <string>

namespace portcullis::core {
namespace {

TEST(PasswordStrength, ScoreFollowsZxcvbnGuessBounds) {
  // 2^bits guesses against 10^3, 10^6, 10^8, 10^10 (+5).
  EXPECT_EQ(ScoreOfEntropy(0), 0);
  EXPECT_EQ(ScoreOfEntropy(9.96), 0);   // 996 guesses
  EXPECT_EQ(ScoreOfEntropy(10.0), 1);   // 1024
  EXPECT_EQ(ScoreOfEntropy(19.93), 1);  // 999,963
  EXPECT_EQ(ScoreOfEntropy(19.94), 2);
  EXPECT_EQ(ScoreOfEntropy(26.57), 2);
  EXPECT_EQ(ScoreOfEntropy(26.58), 3);
  EXPECT_EQ(ScoreOfEntropy(33.21), 3);
  EXPECT_EQ(ScoreOfEntropy(33.22), 4);
  EXPECT_EQ(ScoreOfEntropy(2000), 4);  // more guesses than a double holds
}

TEST(PasswordStrength, NamesWholePatterns) {
  EXPECT_EQ(AssessPassword("password", {}).whole, WholePattern::kDictionary);
  EXPECT_EQ(AssessPassword("12345678", {}).whole, WholePattern::kDictionary);
  EXPECT_EQ(AssessPassword("P@ssw0rd", {}).whole, WholePattern::kDictionary);  // l33t
  EXPECT_EQ(AssessPassword("        ", {}).whole, WholePattern::kRepetition);
  EXPECT_EQ(AssessPassword("aaaaaaaa", {}).whole, WholePattern::kRepetition);
  EXPECT_EQ(AssessPassword("abcabcabc", {}).whole, WholePattern::kRepetition);
  EXPECT_EQ(AssessPassword("abcdefgh", {}).whole, WholePattern::kSequence);
  EXPECT_EQ(AssessPassword("zyxwvuts", {}).whole, WholePattern::kSequence);
  EXPECT_EQ(AssessPassword("wonderland7", {"wonderland7"}).whole, WholePattern::kUserWord);
  EXPECT_EQ(AssessPassword("correct horse battery staple", {}).whole, WholePattern::kNone);
  EXPECT_EQ(AssessPassword("abcd1234", {}).whole, WholePattern::kNone);  // two parts
}

TEST(PasswordStrength, LongPasswordsAreRepetitionsOnlyWhenPeriodic) {
  // zxcvbn details 100 bytes; beyond, only a repeated chunk is judged whole.
  EXPECT_EQ(AssessPassword(std::string(200, 'x'), {}).whole, WholePattern::kRepetition);
  std::string twenty_times;
  for (int i = 0; i < 20; ++i) twenty_times += "password";
  EXPECT_EQ(AssessPassword(twenty_times, {}).whole, WholePattern::kRepetition);
  EXPECT_EQ(AssessPassword(std::string(100, 'x') + "a different tail", {}).whole,
            WholePattern::kNone);
}

TEST(PasswordStrength, AStrongChunkRepeatedIsJudgedByTheChunk) {
  // zxcvbn calls this a repetition (of a brute-forced chunk); the chunk stands on its own.
  EXPECT_EQ(AssessPassword("Tr0ub4dor&3Tr0ub4dor&3", {}).whole, WholePattern::kNone);
  std::string phrase;
  for (int i = 0; i < 2; ++i) phrase += "the quick brown fox jumps over the lazy dog, twice: ";
  EXPECT_EQ(AssessPassword(phrase, {}).whole, WholePattern::kNone);
  // Short or guessable chunks stay repetitions.
  EXPECT_EQ(AssessPassword("passwordpassword", {}).whole, WholePattern::kRepetition);
  EXPECT_EQ(AssessPassword("Tr0ub4dTr0ub4d", {}).whole, WholePattern::kRepetition);  // 7 characters
}

TEST(PasswordStrength, ScoresRiseWithGuessWork) {
  EXPECT_EQ(AssessPassword("password", {}).score, 0);
  EXPECT_LE(AssessPassword("dragon2024", {}).score, 2);
  EXPECT_EQ(AssessPassword("correct horse battery staple", {}).score, 4);
  EXPECT_EQ(AssessPassword("xK9#mQ2!vL", {}).score, 4);
}

}  // namespace
}  // namespace portcullis::core
