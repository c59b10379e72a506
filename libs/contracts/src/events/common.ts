import { IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Fields every application event payload carries to identify its application. */
export class ApplicationRef {
  @IsUUID()
  applicationId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  applicationNumber: string;

  @Matches(/^\d{4}$/)
  officeCode: string;
}
