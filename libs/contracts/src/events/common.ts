import { IsInt, IsNotEmpty, IsString, Matches, MaxLength, Min } from 'class-validator';

/** Fields every application event payload carries to identify its application. */
export class ApplicationRef {
  @IsString()
  @Matches(/^[0-9a-f-]{36}$/)
  applicationId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  applicationNumber: string;

  @Matches(/^\d{4}$/)
  officeCode: string;
}

export class Money {
  @IsInt()
  @Min(0)
  rupiah: number;
}
